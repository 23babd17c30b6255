import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { Pool } from 'pg';
import type { JWK } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { databaseSchema, loadConfig, redactUrl } from '@littoral/config';
import { activeKey, readKeyFile, type KeyFile, type TrustedKey } from '@littoral/crypto';
import {
  AuditLog, EXPORT_FORMATS, HUB_ORIGIN, parseExport, pgAuditDatabase, readCheckpointJws, verifyChain, verifyCheckpoint, verifyDatabaseLog, verifyExport,
  writeSignedExport, type ChainVerification, type ExportFormat, type ExportSink, type SignedCheckpoint,
} from '@littoral/audit';
import { EXIT_FAILED } from '../errors.js';
import { formatCount, formatTable, printJson, println, type Io } from '../output.js';
import { DEFAULT_KEY_FILE } from './keys.command.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

interface VerifyOptions {
  databaseUrl?: string;
  file?: string;
  signature?: string;
  format?: ExportFormat;
  hub?: boolean;
  country?: string;
  jwks?: string;
  keyFile?: string;
  witnessUrl?: string;
  json?: boolean;
}

/**
 * `littoral audit verify | export` (docs/audit.md): checks a node's or the
 * hub's audit chain against its signed checkpoints, straight in the database
 * or offline in an export; exports a period as JSON Lines or CSV with a
 * detached signature. Exit code 1 when the log is not intact.
 */
export function registerAudit(program: Command, io: Io, setExitCode: (code: number) => void, now: () => Date = () => new Date()): void {
  const audit = program.command('audit').description('verify and export the tamper-evident audit log');

  audit
    .command('verify')
    .description('check the audit chain (in a database, or an exported file and its signature) against its signed checkpoints')
    .option('--database-url <url>', 'the database holding the log (default: DATABASE_URL)')
    .option('--file <path>', 'an export (from `littoral audit export`) to verify offline, with its signature <path>.jws')
    .option('--signature <path>', 'the export\'s signature (default: <file>.jws)')
    .option('--format <format>', 'format of --file: jsonl or csv (default: from the file name)', parseFormat)
    .option('--hub', 'the log is the hub\'s (checkpoints of origin "hub")')
    .option('--country <code>', 'the log is this country\'s node\'s (default: the key file\'s country, else LITTORAL_COUNTRY)', parseCountry)
    .option('--jwks <path>', 'public key set (JSON) trusted for the log\'s checkpoints and signature (default: the key file\'s public keys)')
    .option('--key-file <path>', `key file whose public keys are trusted (default: LITTORAL_KEY_FILE, else ${DEFAULT_KEY_FILE})`)
    .option('--witness-url <url>', 'the hub\'s database: also check against the checkpoints the hub witnessed for this node, verified with the keys the hub trusts for it')
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOptions) => {
      if (opts.file && opts.databaseUrl) throw new LittoralError('INPUT_INVALID', 'give either --file or --database-url, not both');
      if (opts.witnessUrl && (opts.file || opts.hub)) throw new LittoralError('INPUT_INVALID', '--witness-url checks a node\'s log in its database against the hub; it does not go with --file or --hub');
      const keys = await trustedKeys(opts, io);
      if (opts.hub && opts.country) throw new LittoralError('INPUT_INVALID', 'give either --hub or --country, not both');
      const origin = opts.hub ? HUB_ORIGIN : (opts.country ?? keys.country ?? io.env.LITTORAL_COUNTRY?.trim() ?? null);
      if (!origin) throw new LittoralError('INPUT_INVALID', 'cannot tell whose log this is: give --hub, --country, a key file, or LITTORAL_COUNTRY');
      const witness = opts.witnessUrl ? await witnessedCheckpoints(opts.witnessUrl, origin) : null;
      const report = opts.file
        ? await verifyFile(opts.file, opts, origin, keys.trusted, now())
        : await verifyDatabase(databaseUrl(opts.databaseUrl, io), origin, [...keys.trusted, ...(witness?.trusted ?? [])], now(), witness);
      print(io, report, opts.json === true);
      if (!report.ok) setExitCode(EXIT_FAILED);
    });

  audit
    .command('export')
    .description('export the entries of a period with a detached signature (made with the node\'s key file)')
    .requiredOption('--from <time>', 'first instant included (ISO 8601, e.g. 2025-03-01 or 2025-03-01T08:00:00Z)', parseTime)
    .requiredOption('--to <time>', 'first instant excluded', parseTime)
    .requiredOption('--format <format>', 'jsonl or csv', parseFormat)
    .option('--out <path>', 'write the export here and its signature to <path>.jws (default: standard output, signature to --signature)')
    .option('--signature <path>', 'where to write the signature (default: <out>.jws)')
    .option('--database-url <url>', 'the database holding the log (default: DATABASE_URL)')
    .option('--key-file <path>', `key file that signs the export (default: LITTORAL_KEY_FILE, else ${DEFAULT_KEY_FILE})`)
    .option('--hub', 'export the hub\'s log (the key file is then the hub\'s)')
    .action(async (opts: { from: Date; to: Date; format: ExportFormat; out?: string; signature?: string; databaseUrl?: string; keyFile?: string; hub?: boolean }) => {
      if (opts.to.getTime() <= opts.from.getTime()) throw new LittoralError('INPUT_INVALID', '--to must be after --from');
      const kf = await readKeyFile(keyFilePath(opts.keyFile, io));
      const origin = opts.hub ? HUB_ORIGIN : kf.country;
      const pool = new Pool({ connectionString: databaseUrl(opts.databaseUrl, io), max: 2 });
      try {
        const out = opts.out ? createWriteStream(opts.out, { mode: 0o640 }) : io.out;
        const sink: ExportSink = {
          async write(text) {
            if (!out.write(text)) await once(out, 'drain');
          },
          ...(opts.out ? { async end() { (out as ReturnType<typeof createWriteStream>).end(); await once(out, 'close'); } } : {}),
        };
        // The same code path as the auditor GraphQL export: same bytes, same statement, one audit.exported entry.
        const actor = { subject: 'cli', country: opts.hub ? null : kf.country, organisation: null, roles: [] };
        const { statement, signature, kid } = await writeSignedExport(pool, new AuditLog(pgAuditDatabase(pool)), activeKey(kf), { origin, format: opts.format, from: opts.from, to: opts.to, actor }, sink, now);
        const sigPath = opts.signature ?? (opts.out ? `${opts.out}.jws` : undefined);
        if (sigPath) await writeFile(sigPath, signature, { mode: 0o644 });
        const { entries, firstSeq, lastSeq, checkpoints } = statement;
        const range = entries === 0 ? 'no entries' : `entries ${formatCount(firstSeq as number)}–${formatCount(lastSeq as number)}`;
        println(io.err, `Exported ${formatCount(entries)} audit entr${entries === 1 ? 'y' : 'ies'} of ${origin} (${range}, ${checkpoints.length} checkpoint${checkpoints.length === 1 ? '' : 's'})${opts.out ? ` to ${opts.out}` : ''}`);
        println(io.err, sigPath ? `Signature (key ${kid}) in ${sigPath}` : 'No signature written: give --out or --signature');
      } finally {
        await pool.end();
      }
    });
}

interface Report extends ChainVerification {
  origin: string;
  source: string;
  checkpoints: number;
  refusedCheckpoints: { seq: number; code: string; message: string }[];
  signature?: string;
}

interface Witness {
  source: string;
  jws: string[];
  trusted: TrustedKey[];
}

/**
 * What the hub witnessed for `origin`: every checkpoint it stored, and the
 * member keys it trusts (so a node whose key file was swapped cannot vouch
 * for a rewritten log). Read-only: nothing is written to the hub database.
 */
async function witnessedCheckpoints(url: string, origin: string): Promise<Witness> {
  if (!/^[A-Z]{2}$/.test(origin)) throw new LittoralError('INPUT_INVALID', '--witness-url needs a node\'s log (a country), not the hub\'s');
  const pool = new Pool({ connectionString: loadConfig(databaseSchema, { DATABASE_URL: url }).DATABASE_URL, max: 1 });
  try {
    const jws = (await readCheckpointJws(pool, origin)).map((c) => c.jws);
    const keys = (await pool.query(`SELECT kid, jwk, valid_from, valid_until, revoked_at, compromised_at FROM member_key WHERE country = $1`, [origin])).rows as {
      kid: string; jwk: JWK; valid_from: Date | null; valid_until: Date | null; revoked_at: Date | null; compromised_at: Date | null;
    }[];
    const trusted = keys.map((k) => ({ kid: k.kid, jwk: k.jwk, validFrom: k.valid_from, validUntil: k.valid_until, compromisedAt: k.compromised_at }));
    return { source: redactUrl(url), jws, trusted };
  } finally {
    await pool.end();
  }
}

async function verifyDatabase(url: string, origin: string, trusted: TrustedKey[], now: Date, witness: Witness | null = null): Promise<Report> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const result = await verifyDatabaseLog(pool, origin, trusted, now, witness?.jws ?? []);
    return { origin, source: redactUrl(url) + (witness ? `, witnessed by ${witness.source} (${witness.jws.length} checkpoint${witness.jws.length === 1 ? '' : 's'})` : ''), ...result };
  } finally {
    await pool.end();
  }
}

async function verifyFile(file: string, opts: VerifyOptions, origin: string, trusted: TrustedKey[], now: Date): Promise<Report> {
  if (trusted.length === 0) throw new LittoralError('INPUT_INVALID', 'an export is verified against the exporter\'s public keys: give --jwks (or --key-file)');
  const format = opts.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  const sigPath = opts.signature ?? `${file}.jws`;
  const bytes = await readFile(file).catch(() => {
    throw new LittoralError('INPUT_INVALID', `cannot read the export ${file}`);
  });
  const sig = await readFile(sigPath, 'utf8').catch(() => {
    throw new LittoralError('INPUT_INVALID', `cannot read the export's signature ${sigPath}; an export is only trusted with its signature`);
  });
  const statement = await verifyExport(sig, bytes, origin, trusted, now);
  if (statement.format !== format) throw new LittoralError('INPUT_INVALID', `the signature says the export is ${statement.format}, not ${format}`);
  const good: SignedCheckpoint[] = [];
  const refusedCheckpoints: Report['refusedCheckpoints'] = [];
  for (const jws of statement.checkpoints) {
    try {
      good.push(await verifyCheckpoint(jws, origin, trusted, now));
    } catch (err) {
      refusedCheckpoints.push({ seq: 0, code: (err as LittoralError).code ?? 'ERROR', message: (err as Error).message });
    }
  }
  const result = await verifyChain(parseExport(bytes.toString('utf8'), format), good, { partial: true });
  const count = result.checked === statement.entries ? null : `the signature counts ${statement.entries} entries, the file holds ${result.checked}`;
  return { origin, source: path.basename(file), ...result, ok: result.ok && count === null, checkpoints: good.length, refusedCheckpoints, signature: `valid (${statement.from} to ${statement.to})` };
}

function print(io: Io, r: Report, json: boolean): void {
  if (json) return printJson(io.out, { ok: r.ok, origin: r.origin, checked: r.checked, firstBad: r.firstBad, head: r.head, latestCheckpoint: r.latestCheckpoint, checkpoints: r.checkpoints, refusedCheckpoints: r.refusedCheckpoints });
  println(io.out, `Audit log of ${r.origin} (${r.source}): ${r.ok ? 'OK' : 'NOT INTACT'}`);
  const rows: string[][] = [['entries checked', formatCount(r.checked)]];
  if (r.signature) rows.push(['signature', r.signature]);
  rows.push(['checkpoints', `${r.checkpoints} verified${r.latestCheckpoint ? ` (latest: seq ${formatCount(r.latestCheckpoint.seq)} at ${r.latestCheckpoint.time})` : ''}`]);
  if (r.head) rows.push(['last good entry', `seq ${formatCount(r.head.seq)}`]);
  if (r.firstBad) rows.push(['first bad seq', `${r.firstBad.seq} (${r.firstBad.reason}): ${r.firstBad.message}`]);
  for (const line of formatTable(rows)) println(io.out, `  ${line}`);
  for (const c of r.refusedCheckpoints) println(io.err, `warning: checkpoint${c.seq ? ` at seq ${c.seq}` : ''} refused [${c.code}]: ${c.message}`);
  if (r.checkpoints === 0 && r.checked > 0) println(io.err, 'warning: no verified checkpoint: a removed tail or a rewritten chain cannot be detected without one');
}

async function trustedKeys(opts: VerifyOptions, io: Io): Promise<{ trusted: TrustedKey[]; country: string | null }> {
  if (opts.jwks) {
    let set: { keys?: JWK[] };
    try {
      set = JSON.parse(await readFile(opts.jwks, 'utf8')) as { keys?: JWK[] };
    } catch {
      throw new LittoralError('INPUT_INVALID', `--jwks ${opts.jwks} is not a readable JSON key set`);
    }
    const keys = (set.keys ?? []).filter((k) => typeof k.kid === 'string');
    return { trusted: keys.map((jwk) => ({ kid: jwk.kid as string, jwk })), country: null };
  }
  const file = keyFilePath(opts.keyFile, io);
  let kf: KeyFile;
  try {
    kf = await readKeyFile(file);
  } catch (err) {
    if (opts.keyFile || io.env.LITTORAL_KEY_FILE) throw err;
    return { trusted: [], country: null }; // no keys at all: the chain alone is checked (with a warning)
  }
  return { trusted: kf.keys.map((k) => ({ kid: k.kid, jwk: k.publicJwk, compromisedAt: k.compromisedAt ? new Date(k.compromisedAt) : null })), country: kf.country };
}

function keyFilePath(option: string | undefined, io: Io): string {
  return path.resolve(option ?? (io.env.LITTORAL_KEY_FILE?.trim() || DEFAULT_KEY_FILE));
}

function databaseUrl(option: string | undefined, io: Io): string {
  return loadConfig(databaseSchema, option ? { ...io.env, DATABASE_URL: option } : io.env).DATABASE_URL;
}

function parseFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${EXPORT_FORMATS.join(' or ')}`);
  return value as ExportFormat;
}

function parseCountry(value: string): string {
  if (!/^[A-Z]{2}$/.test(value)) throw new InvalidArgumentError('expected an ISO 3166-1 alpha-2 code in capitals, e.g. TH');
  return value;
}

function parseTime(value: string): Date {
  const ms = ISO_TIME.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 date or time with a time zone, e.g. 2025-03-01 or 2025-03-01T08:00:00Z');
  return new Date(ms);
}

