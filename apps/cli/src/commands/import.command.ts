import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { IMPORT_FORMATS, IMPORT_KINDS, LittoralError, type ImportFormat, type ImportKind } from '@littoral/contracts';
import { withNodeDatabase } from '../database.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { formatImportSummary } from '../import-report.js';
import { println, type Io } from '../output.js';
import { ProgressLine } from '../progress.js';


interface ImportOptions {
  dataset: string;
  kind: ImportKind;
  format?: ImportFormat;
  mapping?: string;
  encoding?: string;
  skipInvalid?: boolean;
  report?: string;
  rejected?: string;
}

/** `littoral import`: loads one file into a dataset, all-or-nothing unless --skip-invalid. */
export function registerImport(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description('import a monitoring, beach-litter or biodiversity file')
    .argument('<file>', 'source file (CSV/TSV, or a Darwin Core Archive .zip or directory)')
    .requiredOption('--dataset <id>', 'target dataset id (see `littoral dataset list`)')
    .addOption(new Option('--kind <kind>', 'what the file holds').choices(IMPORT_KINDS).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'source format (default: dwca for a .zip or directory of occurrences, else canonical)').choices(IMPORT_FORMATS))
    .option('--mapping <file>', 'mapping file for --format mapping (see mappings/ and docs/mapping-files.md); implies --format mapping')
    .option('--encoding <enc>', 'text encoding of the source, e.g. utf-8, windows-1252, shift_jis (default utf-8)')
    .option('--skip-invalid', 'store the valid rows and set the invalid ones aside (default: any invalid row rejects the whole file)')
    .option('--report <file>', 'write every error to this CSV file (line,file,column,value,reason,expected)')
    .option('--rejected <file>', 'with --skip-invalid: where to write the rejected rows and their reasons (default <file name>.rejected.csv)')
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const format = resolveFormat(opts, cmd);
      const skipInvalid = opts.skipInvalid === true;
      // Chosen here, not in the service, so the summary can say where the rows went.
      const rejectedPath = skipInvalid ? (opts.rejected ?? `${path.basename(file)}.rejected.csv`) : undefined;
      for (const [flag, target] of [['--report', opts.report], ['--rejected', rejectedPath]] as const) assertWritable(flag, target);
      const progress = new ProgressLine(io);
      const summary = await withNodeDatabase(io, async (db, node) => {
        try {
          return await new node.ImportService(db).run({
            datasetId: opts.dataset,
            kind: opts.kind,
            format,
            path: file,
            mappingPath: opts.mapping,
            encoding: opts.encoding,
            skipInvalid,
            reportPath: opts.report,
            rejectedPath,
            onProgress: (p) => progress.update(p),
          });
        } finally {
          progress.clear();
        }
      });
      for (const line of formatImportSummary(summary, { reportPath: opts.report, rejectedPath, skipInvalid })) println(io.out, line);
      setExitCode(summary.status === 'SUCCEEDED' || summary.status === 'PARTIAL' ? EXIT_OK : EXIT_FAILED);
    });
}

/** --mapping implies --format mapping; contradictions are usage errors (exit code 2). */
function resolveFormat(opts: ImportOptions, cmd: Command): ImportFormat | undefined {
  const usage = (message: string): never => cmd.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: 'littoral.usage' });
  if (opts.mapping !== undefined && opts.format !== undefined && opts.format !== 'mapping') usage(`--mapping is only used with --format mapping (got --format ${opts.format})`);
  if (opts.format === 'mapping' && opts.mapping === undefined) usage('--format mapping needs --mapping <file> (see the files in mappings/)');
  if (opts.rejected !== undefined && opts.skipInvalid !== true) usage('--rejected <file> is only used with --skip-invalid');
  return opts.mapping !== undefined ? 'mapping' : opts.format;
}

/** Fails before the import starts, rather than after reading the whole file, when an output cannot be written. */
function assertWritable(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  const dir = path.dirname(path.resolve(file));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new LittoralError('INPUT_INVALID', `${flag} ${file}: cannot write there (directory ${dir} does not exist or is not writable)`);
  }
}
