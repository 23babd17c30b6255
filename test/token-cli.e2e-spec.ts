import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader } from 'jose';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { DEVELOPMENT_ISSUER, TokenVerifier } from '@littoral/auth';
import { startHub, type StartedHub } from '../apps/hub/src';
import type { TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { runLittoral, type CliRun } from './support/cli';

// `littoral token issue | jwks`, run in process: the tokens it prints are
// accepted by a running hub pointed at the key set it prints, and by the
// node's verifier; what it refuses is refused before anything is signed.

const NATS_URL = 'nats://127.0.0.1:4222';

describe('littoral token (development issuer)', () => {
  const tag = randomBytes(4).toString('hex');
  const stream = `LTTOKEN${tag.toUpperCase()}_CATALOG`;
  let dir: string;
  let keyFile: string;
  let db: TestDatabase;
  let hub: StartedHub;

  async function littoral(args: string[]): Promise<CliRun> {
    return runLittoral(args);
  }

  const issue = (...args: string[]) => littoral(['token', 'issue', '--key-file', keyFile, ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-token-'));
    keyFile = path.join(dir, 'issuer.json');
    db = await createHubTestDatabase('token_cli');
  });

  afterAll(async () => {
    await hub?.app.close();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the owner-only key file on first use and prints the public key set', async () => {
    const run = await littoral(['token', 'jwks', '--key-file', keyFile]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('for development and tests only');
    expect(run.stderr).toMatch(/Created the development issuer key \S+ in .*issuer\.json \(mode 0600\)/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(run.stdout) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
    writeFileSync(path.join(dir, 'jwks.json'), run.stdout);
    // The second time it reuses the key.
    const again = await littoral(['token', 'jwks', '--key-file', keyFile]);
    expect(again.stdout).toBe(run.stdout);
    expect(again.stderr).not.toContain('Created');
  });

  it('prints only the token on standard output', async () => {
    const run = await issue('--role', 'analyst', '--role', 'admin', '--country', 'JP', '--org', 'MOE', '--sub', 'dev@moe.example', '--ttl', '30m');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(run.stderr).toContain('for development and tests only');
    const jwt = run.stdout.trim();
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ iss: DEVELOPMENT_ISSUER, aud: 'littoral-node-jp', sub: 'dev@moe.example', roles: ['analyst', 'admin'], country: 'JP', org: 'MOE' });
    expect(claims.exp! - claims.iat!).toBe(1800);
  });

  it.each([
    ['a TTL over 24 h', ['--role', 'analyst', '--audience', 'littoral-hub', '--ttl', '25h'], 'error [INPUT_INVALID]: --ttl 25h is outside 1s–24h; development tokens are short-lived'],
    ['a TTL that is not one', ['--role', 'analyst', '--audience', 'littoral-hub', '--ttl', '1d'], 'error [INPUT_INVALID]: --ttl "1d" is not a lifetime; expected a number with s, m or h, e.g. 30m or 1h'],
    ['an unknown role', ['--role', 'Admin', '--audience', 'littoral-hub'], 'error [INPUT_INVALID]: Unknown role "Admin"; roles are admin, operator, auditor, analyst (lower case)'],
    ['no role', ['--audience', 'littoral-hub'], 'error [INPUT_INVALID]: Give at least one --role: admin, operator, auditor or analyst'],
    ['no audience', ['--role', 'analyst'], 'error [INPUT_INVALID]: Give --audience (littoral-hub for the hub, littoral-node-<cc> for a node) or --country'],
    ['a country that is not ISO', ['--role', 'analyst', '--country', 'XX'], 'error [INPUT_INVALID]: --country XX is not an ISO 3166-1 alpha-2 code in capitals, e.g. JP'],
  ])('refuses %s, printing nothing on standard output', async (_case, args, message) => {
    const run = await issue(...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('refuses a key file others may read', async () => {
    const loose = path.join(dir, 'loose.json');
    writeFileSync(loose, '{}', { mode: 0o644 });
    const run = await littoral(['token', 'issue', '--key-file', loose, '--role', 'analyst', '--audience', 'littoral-hub']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`error [KEY_FILE_INVALID]: Issuer key file ${loose} has mode 0644`);
  });

  it('issues tokens a hub configured with that key set accepts, with their roles', async () => {
    hub = await startHub({
      DATABASE_URL: db.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent',
      LITTORAL_STREAM_PREFIX: `lttoken${tag}`, LITTORAL_CATALOGUE_STREAM: stream, HUB_CONSUMER_NAME: `hub-token-${tag}`,
      LITTORAL_AUTH_ISSUER: DEVELOPMENT_ISSUER, LITTORAL_AUTH_JWKS: path.join(dir, 'jwks.json'),
    });
    const call = async (role: string) => {
      const jwt = (await issue('--role', role, '--audience', 'littoral-hub', '--ttl', '5m')).stdout.trim();
      return (await request(hub.url).post('/graphql').set('Authorization', `Bearer ${jwt}`).send({ query: '{ securityEvents { totalCount } }' })).body;
    };
    expect(await call('auditor')).toEqual({ data: { securityEvents: { totalCount: 0 } } });
    expect((await call('analyst')).errors).toEqual([expect.objectContaining({
      message: 'securityEvents needs one of the roles auditor, admin; the token grants analyst', extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
    })]);
  });

  it('issues tokens the node\'s verifier accepts for its audience only', async () => {
    const jwks = JSON.parse((await littoral(['token', 'jwks', '--key-file', keyFile])).stdout) as Parameters<typeof createLocalJWKSet>[0];
    const verifier = new TokenVerifier(createLocalJWKSet(jwks), { issuer: DEVELOPMENT_ISSUER, audience: 'littoral-node-th', service: 'node' });
    const forTh = (await issue('--role', 'operator', '--country', 'TH')).stdout.trim();
    await expect(verifier.verify(forTh)).resolves.toEqual({ subject: 'developer@localhost', roles: ['operator'], country: 'TH', organisation: null });
    const forHub = (await issue('--role', 'operator', '--audience', 'littoral-hub')).stdout.trim();
    await expect(verifier.verify(forHub)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'AUDIENCE_NOT_ACCEPTED' } });
  });
});
