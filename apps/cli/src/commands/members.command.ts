import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { LittoralError } from '@littoral/contracts';
import { hubSchema, loadConfig } from '@littoral/config';
import { loadHubApp, type HubApp } from '../apps.js';
import { formatCount, formatTable, printJson, println, type Io } from '../output.js';

const JWKS_MAX_BYTES = 1_048_576;
const FETCH_TIMEOUT_MS = 10_000;

/** Opens the hub database (DATABASE_URL, validated with LITTORAL_MEMBERS) and runs `fn` with the member registry. */
async function withRegistry<T>(io: Io, fn: (members: InstanceType<HubApp['MembersService']>) => Promise<T>): Promise<T> {
  const config = loadConfig({ DATABASE_URL: hubSchema.DATABASE_URL, LITTORAL_MEMBERS: hubSchema.LITTORAL_MEMBERS }, io.env);
  const hub = loadHubApp();
  const db = new DataSource(hub.hubDataSourceOptions(config.DATABASE_URL));
  await db.initialize();
  try {
    return await fn(new hub.MembersService(db, config.LITTORAL_MEMBERS));
  } finally {
    await db.destroy();
  }
}

/** The JWKS text from a file or an http(s) URL (a node's /.well-known/jwks.json). */
async function readJwksSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/jwk-set+json, application/json' } });
    } catch (e) {
      throw new LittoralError('INPUT_INVALID', `cannot fetch the JWKS from ${source}: ${(e as Error).message}`, { argument: '--jwks' });
    }
    if (!res.ok) throw new LittoralError('INPUT_INVALID', `cannot fetch the JWKS from ${source}: HTTP ${res.status}`, { argument: '--jwks' });
    const text = await res.text();
    if (text.length > JWKS_MAX_BYTES) throw new LittoralError('INPUT_INVALID', `the JWKS at ${source} is larger than 1 MB`, { argument: '--jwks' });
    return text;
  }
  try {
    return await readFile(source, 'utf8');
  } catch (e) {
    throw new LittoralError('INPUT_INVALID', `cannot read the JWKS file ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { argument: '--jwks' });
  }
}

const when = (d: Date | null): string => (d ? d.toISOString() : '-');

/** `littoral members add | list | revoke`: the hub's member registry, straight in the hub database. */
export function registerMembers(program: Command, io: Io): void {
  const members = program
    .command('members')
    .description('add, list and revoke the hub\'s network members (DATABASE_URL of the hub; no restart needed)');

  members
    .command('add')
    .description('register a member and trust the keys of its node')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 code, one of LITTORAL_MEMBERS, e.g. TH')
    .requiredOption('--node-id <id>', 'the node\'s id, e.g. th-node')
    .requiredOption('--name <text>', 'display name, e.g. "Thailand"')
    .requiredOption('--jwks <file|url>', 'the node\'s public key set: a file, or the URL of its /.well-known/jwks.json')
    .action(async (opts: { country: string; nodeId: string; name: string; jwks: string }) => {
      const text = await readJwksSource(opts.jwks);
      const hub = loadHubApp();
      const jwks = hub.parseJsonText(text, '--jwks');
      const member = await withRegistry(io, (registry) => registry.add({ country: opts.country, nodeId: opts.nodeId, displayName: opts.name, jwks }, 'cli'));
      println(io.out, `Added member ${member.country} (${member.nodeId}, "${member.displayName}") trusting ${member.keys.length} key${member.keys.length > 1 ? 's' : ''}:`);
      for (const k of member.keys) println(io.out, `  ${k.kid}`);
    });

  members
    .command('list')
    .description('list members with status, keys, last seen and catalogue size')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const list = await withRegistry(io, (registry) => registry.list());
      if (opts.json) {
        const now = new Date();
        const { keyState } = loadHubApp();
        return printJson(io.out, list.map((m) => ({ ...m, keys: m.keys.map((k) => ({ ...k, state: keyState(k, now) })) })));
      }
      if (list.length === 0) {
        println(io.out, 'No members yet; add one with `littoral members add`.');
        return;
      }
      const rows = list.map((m) => [m.country, m.nodeId, m.status, formatCount(m.entryCount), when(m.lastSeenAt), m.keys.map((k) => k.kid).join(' '), m.displayName]);
      for (const line of formatTable([['COUNTRY', 'NODE', 'STATUS', 'ENTRIES', 'LAST SEEN', 'KEYS', 'NAME'], ...rows])) println(io.out, line);
    });

  members
    .command('revoke')
    .description('revoke a member: its messages are refused and its datasets leave the catalogue')
    .argument('<country>', 'ISO 3166-1 alpha-2 code')
    .action(async (country: string) => {
      const member = await withRegistry(io, (registry) => registry.revoke(country, 'cli'));
      println(io.out, `Revoked member ${member.country} (${member.nodeId}) at ${when(member.revokedAt)}.`);
    });
}
