import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, nodeSchema, redactUrl, redactNatsUrls, type NodeConfig } from '@littoral/config';
import { readNatsLogin } from '@littoral/messaging';
import { createLogger, PinoNestLogger, type Logger } from '@littoral/logging';
import { NodeAppModule } from './app.module.js';

export interface StartedNode {
  app: INestApplication;
  url: string;
  config: NodeConfig;
  logger: Logger;
}

/** Validates configuration, boots the node and listens on PORT. */
export async function startNode(env: Readonly<Record<string, string | undefined>> = process.env): Promise<StartedNode> {
  const config = loadConfig(nodeSchema, env);
  const logger = createLogger('littoral-node', config.LOG_LEVEL);
  // Read before anything starts: a bad login stops the app at once, leaving nothing running.
  const natsLogin = await readNatsLogin(config);
  const app = await NestFactory.create(NodeAppModule.forRoot(config, logger, env, natsLogin), { logger: new PinoNestLogger(logger), abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ country: config.LITTORAL_COUNTRY, url, database: redactUrl(config.DATABASE_URL), nats: redactNatsUrls(config.NATS_URL) }, 'node started');
  return { app, url, config, logger };
}
