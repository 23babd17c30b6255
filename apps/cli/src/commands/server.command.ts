import type { Command } from 'commander';
import type { StartedHub } from '../../../hub/src/index.js';
import type { StartedNode } from '../../../node/src/index.js';
import { loadHubApp, loadNodeApp } from '../apps.js';
import type { Io } from '../output.js';

type Started = Pick<StartedNode | StartedHub, 'app' | 'logger'>;

/** A server that does not close within this time after SIGINT/SIGTERM is stopped hard. */
const STOP_DEADLINE_MS = 15_000;

/** `littoral node start` and `littoral hub start`: run an app until SIGINT/SIGTERM. */
export function registerServers(program: Command, io: Io, keepAlive: () => void): void {
  program
    .command('node')
    .description('node start: run this country\'s node (health, GraphQL, NATS)')
    .command('start')
    .description('start the node, configured from the environment, until SIGINT/SIGTERM')
    .action(async () => {
      const started = await loadNodeApp().startNode(io.env);
      stopOnSignals(started, 'node');
      keepAlive();
    });
  program
    .command('hub')
    .description('hub start: run the regional hub (catalogue, federated GraphQL)')
    .command('start')
    .description('start the hub, configured from the environment, until SIGINT/SIGTERM')
    .action(async () => {
      const started = await loadHubApp().startHub(io.env);
      stopOnSignals(started, 'hub');
      keepAlive();
    });
}

function stopOnSignals({ app, logger }: Started, name: string): void {
  let stopping = false;
  // Nest's own shutdown hooks (enableShutdownHooks) also run on the signal; close()
  // shares one shutdown sequence with them. Nest then re-raises the signal, which
  // this listener absorbs, so the process ends with exit code 0 after a clean close.
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    const deadline = setTimeout(() => {
      logger.error({ signal, afterMs: STOP_DEADLINE_MS }, `${name} did not stop in time; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => {
        logger.info({}, `${name} stopped`);
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: (err as Error)?.message }, `${name} failed to stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
