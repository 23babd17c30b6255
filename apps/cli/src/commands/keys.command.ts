import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { LittoralError } from '@littoral/contracts';
import { loadConfig, memberCountry, memberList } from '@littoral/config';
import { HUB_KEY_FILE_COUNTRY, activeKey, generateKeyFile, markCompromised, publicJwks, readKeyFile, rotateKeyFile, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { formatTable, printJson, println, type Io } from '../output.js';

/** Where the key file is when neither --file nor LITTORAL_KEY_FILE says. */
export const DEFAULT_KEY_FILE = './littoral-keys.json';
/** Where the hub's key file is (with --hub) when neither --file nor LITTORAL_HUB_KEY_FILE says. */
export const DEFAULT_HUB_KEY_FILE = './littoral-hub-keys.json';

const FILE_HELP = `key file (default: LITTORAL_KEY_FILE, else ${DEFAULT_KEY_FILE}; with --hub: LITTORAL_HUB_KEY_FILE, else ${DEFAULT_HUB_KEY_FILE})`;
const HUB_HELP = 'the regional hub\'s key file (signs query envelopes and paging cursors) instead of this node\'s';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `littoral keys generate | rotate | show | compromise`: this node's Ed25519
 * signing keys, or with `--hub` the regional hub's (country field `hub`; see
 * docs/keys.md and docs/federated-queries.md). Works on the key file only: no database,
 * no NATS, no NestJS. Never prints private key material.
 */
export function registerKeys(program: Command, io: Io, now: () => Date = () => new Date()): void {
  const keys = program.command('keys').description('manage this node\'s signing keys: generate, rotate, show, compromise');
  const keyFile = (opts: { file?: string; hub?: boolean }): string =>
    path.resolve(opts.file ?? (opts.hub ? io.env.LITTORAL_HUB_KEY_FILE?.trim() || DEFAULT_HUB_KEY_FILE : io.env.LITTORAL_KEY_FILE?.trim() || DEFAULT_KEY_FILE));
  const owner = (kf: KeyFile): string => (kf.country === HUB_KEY_FILE_COUNTRY ? 'the hub' : kf.country);

  keys
    .command('generate')
    .description('create a key file with a new Ed25519 signing key (country from LITTORAL_COUNTRY; with --hub the hub\'s own)')
    .option('--file <path>', FILE_HELP)
    .option('--hub', HUB_HELP)
    .option('--force', 'replace an existing key file (its keys are lost: signatures they made stop verifying)')
    .action(async (opts: { file?: string; hub?: boolean; force?: boolean }) => {
      // The hub signs as issuer "hub", never as a country: its file needs no LITTORAL_COUNTRY.
      const country = opts.hub ? HUB_KEY_FILE_COUNTRY : loadConfig({ LITTORAL_MEMBERS: memberList(), LITTORAL_COUNTRY: memberCountry() }, io.env).LITTORAL_COUNTRY;
      const file = keyFile(opts);
      const kf = await generateKeyFile(country, now());
      await writeKeyFile(file, kf, { overwrite: opts.force === true });
      println(io.out, `Generated an Ed25519 signing key for ${owner(kf)}`);
      for (const line of formatTable([['kid', activeKey(kf).kid], ['file', `${file} (mode 0600, readable only by you)`]])) println(io.out, `  ${line}`);
      if (opts.hub) {
        println(io.out, 'Keep a backup of the file somewhere safe. Start the hub with LITTORAL_HUB_KEY_FILE set to it; nodes trust its public keys');
        println(io.out, 'through LITTORAL_HUB_JWKS (the hub\'s /.well-known/jwks.json, or `littoral keys show --hub --json` saved to a file).');
      } else {
        println(io.out, 'Keep a backup of the file somewhere safe. Give the hub administrators the public key (`littoral keys show --json`).');
      }
    });

  keys
    .command('rotate')
    .description('add a new signing key, retire the old one, and print the announcement it signs')
    .option('--file <path>', FILE_HELP)
    .option('--hub', HUB_HELP)
    .option('--announcement <file>', 'write the announcement (a compact JWS) to this file instead of standard output')
    .action(async (opts: { file?: string; hub?: boolean; announcement?: string }) => {
      const file = keyFile(opts);
      const before = await readKeyFile(file);
      const previous = activeKey(before);
      const { keyFile: after, announcement } = await rotateKeyFile(before, now());
      await writeKeyFile(file, after, { overwrite: true });
      // With the JWS on standard output, the summary goes to standard error so `> file` captures the JWS alone.
      const summary = opts.announcement ? io.out : io.err;
      println(summary, `Rotated the signing key of ${owner(after)} in ${file}`);
      for (const line of formatTable([['new key', activeKey(after).kid], ['previous key', `${previous.kid} (retired; still verifies what it signed)`]])) println(summary, `  ${line}`);
      if (opts.announcement) {
        await writeAnnouncement(opts.announcement, announcement);
        println(io.out, `Announcement written to ${opts.announcement} (the running node also publishes it itself; see docs/keys.md).`);
      } else {
        println(io.out, announcement);
      }
    });

  keys
    .command('show')
    .description('list the keys in the key file (with --json: the public key set, as served at /.well-known/jwks.json)')
    .option('--file <path>', FILE_HELP)
    .option('--hub', HUB_HELP)
    .option('--json', 'print the public JWKS (active and retired keys, no private members) as JSON')
    .action(async (opts: { file?: string; hub?: boolean; json?: boolean }) => {
      const file = keyFile(opts);
      const kf = await readKeyFile(file);
      if (opts.json) return printJson(io.out, publicJwks(kf));
      println(io.out, kf.country === HUB_KEY_FILE_COUNTRY ? `Key file ${file} (the hub)` : `Key file ${file} (country ${kf.country})`);
      for (const line of describe(kf)) println(io.out, line);
    });

  keys
    .command('compromise')
    .description('mark a key compromised from a time: nothing it signed or sent since is trusted')
    .argument('<kid>', 'key id (see `littoral keys show`)')
    .requiredOption('--from <time>', 'ISO 8601 time from which the key is compromised, e.g. 2025-03-01T08:00:00Z', parseTime)
    .option('--file <path>', FILE_HELP)
    // A kid is base64url and may start with '-' (1 in 64 keys): it must not be read as an option.
    .allowUnknownOption()
    .action(async (kid: string, opts: { file?: string; from: Date }, cmd: Command) => {
      if (kid.startsWith('--')) cmd.error(`error: unknown option '${kid}'\n(run with --help for usage)`, { exitCode: 2, code: 'commander.unknownOption' });
      const at = now();
      if (opts.from.getTime() > at.getTime()) {
        throw new LittoralError('INPUT_INVALID', `--from ${opts.from.toISOString()} is in the future; give the earliest time the key may have been exposed`);
      }
      const file = keyFile(opts);
      const before = await readKeyFile(file);
      const wasActive = before.keys.some((k) => k.kid === kid && k.status === 'active');
      // The active key cannot stay: a fresh one replaces it. The compromised key must not vouch for it, so the announcement is dropped.
      const base = wasActive ? (await rotateKeyFile(before, at)).keyFile : before;
      const after = markCompromised(base, kid, opts.from);
      await writeKeyFile(file, after, { overwrite: true });
      const since = after.keys.find((k) => k.kid === kid)?.compromisedAt;
      println(io.out, `Key ${kid} is marked compromised from ${since}; it is no longer in the public key set.`);
      if (wasActive) {
        println(io.out, `It was the active key: new active key ${activeKey(after).kid}. No announcement is made (a compromised key cannot vouch for its successor):`);
        println(io.out, 'give the hub administrators the new public key (`littoral keys show --json`) through a channel they trust.');
      }
      println(io.out, `Ask the hub administrators to mark key ${kid} compromised from ${since} for ${after.country}.`);
    });
}

function describe(kf: KeyFile): string[] {
  const rows = kf.keys.map((k) => [k.kid, k.status, k.createdAt, k.retiredAt ?? '-', k.compromisedAt ?? '-']);
  return formatTable([['KID', 'STATUS', 'CREATED', 'RETIRED', 'COMPROMISED'], ...rows]);
}

function parseTime(value: string): Date {
  const ms = ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 time with a time zone, e.g. 2025-03-01T08:00:00Z');
  return new Date(ms);
}

async function writeAnnouncement(file: string, jws: string): Promise<void> {
  try {
    // No trailing newline: the file holds exactly the JWS, as it goes on the wire.
    await writeFile(file, jws, { mode: 0o644 });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new LittoralError('INPUT_INVALID', `cannot write the announcement to ${file} (${typeof code === 'string' ? code : 'error'}); the key file is already rotated, and the node announces the new key itself`);
  }
}
