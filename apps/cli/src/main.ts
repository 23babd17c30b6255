// Entry point of the `littoral` command (bin/littoral.js requires the built file).
import 'reflect-metadata';
import { reportError } from './errors.js';
import { processIo } from './output.js';
import { runCli } from './program.js';

const io = processIo();

// An error thrown outside the command's promise (a stream's 'error' event, say)
// still ends as one short message and exit code 1, never a stack trace.
const crash = (err: unknown): void => process.exit(reportError(err, io));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

void runCli(process.argv, io).then((outcome) => {
  // Finite commands exit explicitly so a lingering handle can never keep the shell waiting.
  if (outcome !== 'running') process.exit(outcome);
});
