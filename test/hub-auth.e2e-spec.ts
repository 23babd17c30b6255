import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { getIntrospectionQuery } from 'graphql';
import { SignJWT, UnsecuredJWT } from 'jose';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { activeKey, generateKeyFile, JWS_TYPES, publicJwks, signJws, type KeyFile } from '@littoral/crypto';
import { startHub, type StartedHub } from '../apps/hub/src';
import { createHubTestIssuer, createTestIssuer, type TestIssuer } from './support/auth';
import type { TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';

// Authentication, roles and GraphQL limits of the hub's API, on a real hub
// (Postgres and NATS of the machine; a stream and consumer of this file's own).

interface GqlError {
  message: string;
  path?: string[];
  locations?: unknown;
  extensions: { code: string; details?: Record<string, unknown> };
}
interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
}

const NATS_URL = 'nats://127.0.0.1:4222';
const NODES = '{ nodes { country status } }';
const ADD = 'mutation ($input: AddMemberInput!) { addMember(input: $input) { country } }';

describe('hub GraphQL authentication and limits', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `lthauth${tag}`;
  const stream = `LTHAUTH${tag.toUpperCase()}_CATALOG`;
  let db: TestDatabase;
  let issuer: TestIssuer;
  let th: KeyFile;
  let hub: StartedHub;
  const started: StartedHub[] = [];

  async function start(env: Record<string, string>): Promise<StartedHub> {
    const h = await startHub({
      DATABASE_URL: db.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent',
      LITTORAL_STREAM_PREFIX: prefix, LITTORAL_CATALOGUE_STREAM: stream, HUB_CONSUMER_NAME: `hub-auth-${tag}-${started.length}`, ...env,
    });
    started.push(h);
    return h;
  }

  async function gql(authorization: string | null, query: string, variables: Record<string, unknown> = {}, target = hub): Promise<GqlBody> {
    const req = request(target.url).post('/graphql');
    if (authorization !== null) req.set('Authorization', authorization);
    return (await req.send({ query, variables })).body as GqlBody;
  }

  /** The one error of a refused call, with no data. */
  async function refused(authorization: string | null, query = NODES, variables: Record<string, unknown> = {}, target = hub): Promise<GqlError> {
    const body = await gql(authorization, query, variables, target);
    expect(body.errors).toHaveLength(1);
    expect(body.data ?? null).toBeNull();
    return body.errors![0];
  }

  async function memberStatus(country: string): Promise<string | undefined> {
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      return (await sql.query(`SELECT status FROM member WHERE country = $1`, [country])).rows[0]?.status as string | undefined;
    } finally {
      await sql.end();
    }
  }

  beforeAll(async () => {
    db = await createHubTestDatabase('hub_auth');
    issuer = await createHubTestIssuer();
    th = await generateKeyFile('TH', new Date());
    // The issuer's key set also publishes TH's node key: even then a signed catalogue entry is no token.
    const jwksFile = path.join(path.dirname(issuer.jwksFile), 'with-node-key.json');
    await writeFile(jwksFile, JSON.stringify({ keys: [...issuer.jwks.keys, ...publicJwks(th).keys] }));
    hub = await start({ ...issuer.env, LITTORAL_AUTH_JWKS: jwksFile });
    const added = await gql(await issuer.bearer({ roles: ['admin'] }), ADD, {
      input: { country: 'TH', nodeId: 'th-node', displayName: 'Thailand', jwks: JSON.stringify(publicJwks(th)) },
    });
    expect(added).toEqual({ data: { addMember: { country: 'TH' } } });
  });

  afterAll(async () => {
    for (const h of started) await h.app.close();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
    await db?.drop();
    await issuer?.cleanup();
  });

  describe('refuses callers it cannot authenticate with UNAUTHENTICATED and a reason, never echoing the token', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (roles: string[]) => new SignJWT({ roles }).setSubject('x').setIssuer(issuer.issuer).setAudience('littoral-hub').setExpirationTime('5m');
    it.each<[string, () => Promise<string | null>, string, string]>([
      ['no Authorization header', async () => null, 'TOKEN_MISSING', 'GraphQL requests need a bearer token: send "Authorization: Bearer <JWT>" issued by this hub\'s issuer'],
      ['a bad signature (a key the issuer does not publish, same kid)', async () => {
        const impostor = await createHubTestIssuer();
        try {
          return await impostor.bearer({ roles: ['admin'] });
        } finally {
          await impostor.cleanup();
        }
      }, 'SIGNATURE_INVALID', 'The token signature does not verify against the issuer\'s published keys'],
      ['another issuer', () => issuer.bearer({ roles: ['admin'], issuer: 'https://evil.example' }), 'ISSUER_NOT_ACCEPTED',
        'The token was not issued by this hub\'s issuer; expected "https://login.test.littoral.example"'],
      ['a node\'s audience', () => issuer.bearer({ roles: ['admin'], audience: 'littoral-node-th' }), 'AUDIENCE_NOT_ACCEPTED',
        'The token is not meant for this hub; expected audience "littoral-hub"'],
      ['an expired token', () => issuer.bearer({ roles: ['admin'], expiresIn: now() - 3600 }), 'TOKEN_EXPIRED', 'The token has expired; get a new one from the issuer'],
      ['alg none', async () => `Bearer ${new UnsecuredJWT({ roles: ['admin'] }).setSubject('x').setIssuer(issuer.issuer).setAudience('littoral-hub').setExpirationTime('5m').encode()}`,
        'ALG_NOT_ALLOWED', 'The token\'s algorithm is not accepted; expected one of EdDSA, ES256, RS256'],
      ['HS256 keyed with the issuer\'s public key (algorithm confusion)', async () => {
        const publicKey = new TextEncoder().encode(JSON.stringify(issuer.jwks.keys[0]));
        return `Bearer ${await claims(['admin']).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'test-issuer-1' }).sign(publicKey)}`;
      }, 'ALG_NOT_ALLOWED', 'The token\'s algorithm is not accepted; expected one of EdDSA, ES256, RS256'],
      ['a signed catalogue entry presented as a token (its key is in the key set)', async () => {
        const jws = await signJws({ id: 'th-gulf', roles: ['admin'], aud: 'littoral-hub', exp: now() + 300 }, JWS_TYPES.catalogue, activeKey(th), { iss: 'TH', sub: 'TH' }, new Date());
        return `Bearer ${jws}`;
      }, 'TOKEN_TYPE_NOT_ACCEPTED', 'The token\'s typ header must be one of JWT, at+jwt; other signed documents are not tokens'],
      ['an issuer-signed JWT typed as a catalogue entry', () => issuer.bearer({ roles: ['admin'], typ: JWS_TYPES.catalogue }), 'TOKEN_TYPE_NOT_ACCEPTED',
        'The token\'s typ header must be one of JWT, at+jwt; other signed documents are not tokens'],
      ['an untyped JWT', () => issuer.bearer({ roles: ['admin'], typ: null }), 'TOKEN_TYPE_NOT_ACCEPTED',
        'The token\'s typ header must be one of JWT, at+jwt; other signed documents are not tokens'],
      ['garbage', async () => 'Bearer not-a-jwt', 'TOKEN_MALFORMED', 'The bearer token is not a well-formed signed JWT'],
    ])('%s', async (_case, authorization, reason, message) => {
      const header = await authorization();
      const err = await refused(header, 'mutation { revokeMember(country: "TH") { status } }');
      expect(err).toEqual({ message, path: ['revokeMember'], extensions: { code: 'UNAUTHENTICATED', details: { reason } } });
      if (header) expect(JSON.stringify(err)).not.toContain(header.replace(/^Bearer /, '').slice(0, 20));
      expect(await memberStatus('TH')).toBe('active');
    });
  });

  describe('roles', () => {
    // Every operation of the hub with the roles that may call it.
    const operations: [string, string, Record<string, unknown>, string[]][] = [
      ['datasets', '{ datasets { totalCount } }', {}, ['analyst', 'admin']],
      ['dataset', 'query ($id: ID!) { dataset(id: $id) { id } }', { id: 'urn:littoral:dataset:TH:none' }, ['analyst', 'admin']],
      ['nodes', NODES, {}, ['analyst', 'admin', 'auditor']],
      ['securityEvents', '{ securityEvents { totalCount } }', {}, ['auditor', 'admin']],
      ['addMemberKey', 'mutation { addMemberKey(input: { country: "ZZ", jwk: "{}" }) { kid } }', {}, ['admin']],
      ['revokeKey', 'mutation { revokeKey(kid: "none") { kid } }', {}, ['admin']],
      ['markKeyCompromised', 'mutation { markKeyCompromised(kid: "none", from: "2025-01-01T00:00:00Z") { kid } }', {}, ['admin']],
      ['revokeMember', 'mutation { revokeMember(country: "ZZ") { status } }', {}, ['admin']],
      ['addMember', ADD, { input: { country: 'ZZ', nodeId: 'zz', displayName: 'ZZ', jwks: '{}' } }, ['admin']],
    ];
    const cases = operations.flatMap(([name, query, variables, allowed]) =>
      ['admin', 'analyst', 'auditor', 'operator'].map((role) => [name, role, query, variables, allowed] as const));

    it.each(cases)('%s as %s', async (name, role, query, variables, allowed) => {
      const body = await gql(await issuer.bearer({ roles: [role] }), query, variables);
      const code = body.errors?.[0]?.extensions.code;
      if (allowed.includes(role)) {
        // Allowed through the guard: either data or a refusal of the input itself, never an auth code.
        expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
      } else {
        expect(body.errors).toEqual([{
          message: `${name} needs one of the roles ${allowed.join(', ')}; the token grants ${role}`,
          path: [name],
          extensions: { code: 'FORBIDDEN', details: { operation: name, requiredRoles: allowed } },
        }]);
      }
    });

    it('takes "Admin", "ADMIN" and " admin" for no role at all', async () => {
      const err = await refused(await issuer.bearer({ roles: ['Admin', 'ADMIN', ' admin'] }), 'mutation { revokeMember(country: "TH") { status } }');
      expect(err).toEqual({
        message: 'revokeMember needs one of the roles admin; the token grants no recognised role',
        path: ['revokeMember'],
        extensions: { code: 'FORBIDDEN', details: { operation: 'revokeMember', requiredRoles: ['admin'] } },
      });
      expect(await memberStatus('TH')).toBe('active');
    });
  });

  it('keeps GET /catalog.jsonld and /health public', async () => {
    await request(hub.url).get('/catalog.jsonld').expect(200);
    await request(hub.url).get('/health').expect(200);
  });

  describe('limits, checked before anything runs', () => {
    const admin = () => issuer.bearer({ roles: ['admin'] });
    const limit = (body: GqlBody) => {
      expect(body.data).toBeUndefined(); // refused before execution: no data entry at all
      expect(body.errors).toHaveLength(1);
      return body.errors![0];
    };

    it('refuses a query nested too deep (QUERY_TOO_DEEP)', async () => {
      const deep = `{ nodes { country } __schema { types { fields { type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } } } } }`;
      const err = limit(await gql(await admin(), deep));
      expect(err).toMatchObject({ message: 'The query nests fields more than 15 levels deep; ask for less nested data', extensions: { code: 'INPUT_INVALID', details: { reason: 'QUERY_TOO_DEEP', limit: 15 } } });
    });

    it('refuses an alias bomb (TOO_MANY_ALIASES) without running any of its mutations', async () => {
      const bomb = `mutation { ${Array.from({ length: 31 }, (_, i) => `r${i}: revokeMember(country: "TH") { status }`).join(' ')} }`;
      const err = limit(await gql(await admin(), bomb));
      expect(err).toMatchObject({ message: 'The query uses more than 30 aliases; send several smaller queries', extensions: { code: 'INPUT_INVALID', details: { reason: 'TOO_MANY_ALIASES', limit: 30 } } });
      expect(await memberStatus('TH')).toBe('active');
    });

    it('refuses a query that may fetch too much (QUERY_TOO_COSTLY), and accepts one full page', async () => {
      const page = (alias: string) => `${alias}: datasets(first: 500) { edges { cursor node { id country datasetId version title description themes keywords withdrawn jsonLd jws
        spatial { west south east north } temporal { start end } signedBy { country kid issuedAt } } } }`;
      expect((await gql(await issuer.bearer({ roles: ['analyst'] }), `{ ${page('a')} }`)).errors).toBeUndefined();
      const err = limit(await gql(await issuer.bearer({ roles: ['analyst'] }), `{ ${Array.from({ length: 10 }, (_, i) => page(`p${i}`)).join(' ')} }`));
      expect(err.extensions).toEqual({ code: 'INPUT_INVALID', details: { reason: 'QUERY_TOO_COSTLY', limit: 100000 } });
    });

    it('refuses a document of too many tokens (QUERY_TOO_LARGE)', async () => {
      const err = limit(await gql(await admin(), `{ nodes { ${'country '.repeat(3000)} } }`));
      expect(err).toMatchObject({ message: 'The query is longer than 3000 tokens; send a shorter query', extensions: { code: 'INPUT_INVALID', details: { reason: 'QUERY_TOO_LARGE' } } });
    });

    it('caps page sizes', async () => {
      const err = (await gql(await admin(), '{ datasets(first: 501) { totalCount } }')).errors![0];
      expect(err.extensions).toEqual({ code: 'INPUT_INVALID', details: { argument: 'first', max: 500 } });
    });
  });

  describe('what errors do not leak', () => {
    it('suggests no field, argument or input names', async () => {
      const bodies = [
        await gql(await issuer.staff(), '{ datasetz { totalCount } }'),
        await gql(await issuer.staff(), 'query ($f: DatasetFilter) { datasets(filter: $f) { totalCount } }', { f: { countrie: ['TH'] } }),
      ];
      for (const body of bodies) {
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0].extensions).toEqual({ code: 'INPUT_INVALID' });
        expect(body.errors![0].message).not.toMatch(/did you mean|countries|"datasets?"/i);
      }
      expect(bodies[0].errors![0].message).toBe('Cannot query field "datasetz" on type "Query".');
    });

    it('answers introspection only to a caller with a valid token and a role', async () => {
      const schema = '{ __schema { queryType { name } } }';
      expect((await refused(null, schema)).extensions).toEqual({ code: 'UNAUTHENTICATED', details: { reason: 'TOKEN_MISSING' } });
      expect((await refused(await issuer.bearer({ roles: [] }), '{ __type(name: "Query") { name } }')).extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(await gql(await issuer.bearer({ roles: ['analyst'] }), schema)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      // What GraphQL tools send passes the limits.
      const full = await gql(await issuer.bearer({ roles: ['auditor'] }), getIntrospectionQuery());
      expect(full.errors).toBeUndefined();
    });
  });

  describe('a hub without LITTORAL_AUTH_ISSUER', () => {
    let bare: StartedHub;
    beforeAll(async () => {
      bare = await start({});
    });

    it('refuses every GraphQL request, even with a valid token, and still serves the catalogue and health', async () => {
      for (const authorization of [null, await issuer.staff()]) {
        const err = await refused(authorization, NODES, {}, bare);
        expect(err).toEqual({
          message: 'Authentication is not configured on this hub (LITTORAL_AUTH_ISSUER is unset), so its GraphQL API refuses every request',
          path: ['nodes'],
          extensions: { code: 'UNAUTHENTICATED', details: { reason: 'AUTH_NOT_CONFIGURED' } },
        });
      }
      await request(bare.url).get('/catalog.jsonld').expect(200);
      await request(bare.url).get('/health').expect(200);
    });

    it('refuses a half configuration at start-up', async () => {
      await expect(start({ LITTORAL_AUTH_ISSUER: issuer.issuer })).rejects.toMatchObject({
        code: 'CONFIG_INVALID', message: expect.stringContaining('LITTORAL_AUTH_JWKS must be set too'),
      });
    });
  });

  it('accepts a token of another issuer only when configured for it', async () => {
    const other = await createTestIssuer({ issuer: 'https://login.hub.example', audience: 'hub-api' });
    try {
      const custom = await start(other.env);
      expect(await gql(await other.bearer({ roles: ['auditor'] }), '{ securityEvents { totalCount } }', {}, custom)).toMatchObject({ data: { securityEvents: { totalCount: expect.any(Number) } } });
    } finally {
      await other.cleanup();
    }
  });
});
