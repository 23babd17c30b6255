import { Command } from 'commander';
import { registerAudit } from './commands/audit.command.js';
import { registerDataset } from './commands/dataset.command.js';
import { registerGrants } from './commands/grants.command.js';
import { registerImport } from './commands/import.command.js';
import { registerKeys } from './commands/keys.command.js';
import { registerToken } from './commands/token.command.js';
import { registerMembers } from './commands/members.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerServers } from './commands/server.command.js';
import { EXIT_OK, reportError } from './errors.js';
import type { Io } from './output.js';
import { packageVersion } from './version.js';

/** What a run ended with: an exit code, or 'running' for a server that keeps the process alive. */
export type CliOutcome = number | 'running';

/** Parses `argv` (as in process.argv) and runs the command. Never throws. */
export async function runCli(argv: readonly string[], io: Io): Promise<CliOutcome> {
  let exitCode = EXIT_OK;
  let running = false;
  const program = new Command('littoral')
    .description('Littoral: node software of the federated marine-plastics and coastal-biodiversity data network')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    // Usage errors come back here as CommanderError and end with exit code 2.
    .exitOverride();

  registerMigrate(program, io);
  registerServers(program, io, () => (running = true));
  registerDataset(program, io);
  registerImport(program, io, (code) => (exitCode = code));
  registerMembers(program, io);
  registerKeys(program, io);
  registerAudit(program, io, (code) => (exitCode = code));
  registerToken(program, io);
  registerGrants(program, io);
  // Top level only (set after the subcommands copied the settings): bare names keep one line per command.
  program.configureHelp({ subcommandTerm: (cmd) => cmd.name() });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    return reportError(err, io);
  }
  return running ? 'running' : exitCode;
}
