import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createTestIssuer, type TestIssuer } from './support/auth';
import { startNode, type StartedNode } from '../apps/node/src';

// Authentication and roles on the node's GraphQL API, on a real Postgres.

interface GqlError {
  message: string;
  path?: string[];
  extensions: { code: string; details?: Record<string, unknown> };
}

const NATS = 'nats://127.0.0.1:4222';
const CREATE = `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id title } }`;
const dataset = (id: string) => ({ input: { id, title: `Dataset ${id}`, theme: 'microplastics', license: 'CC0-1.0' } });

describe('node GraphQL authentication', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let node: StartedNode;
  const started: StartedNode[] = [];

  async function start(env: Record<string, string | undefined>): Promise<StartedNode> {
    const n = await startNode({ DATABASE_URL: db.url, NATS_URL: NATS, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent', ...env });
    started.push(n);
    return n;
  }

  async function gql(target: StartedNode, authorization: string | null, query: string, variables: Record<string, unknown> = {}) {
    const req = request(target.url).post('/graphql');
    if (authorization !== null) req.set('Authorization', authorization);
    const res = await req.send({ query, variables });
    return res.body as { data?: Record<string, unknown> | null; errors?: GqlError[] };
  }

  /** The one error of a refused call. */
  async function refused(authorization: string | null, query = '{ datasets { id } }', variables: Record<string, unknown> = {}, target = node): Promise<GqlError> {
    const body = await gql(target, authorization, query, variables);
    expect(body.errors).toHaveLength(1);
    expect(body.data ?? null).toBeNull();
    return body.errors![0];
  }

  beforeAll(async () => {
    db = await createTestDatabase('auth');
    issuer = await createTestIssuer();
    // No LITTORAL_AUTH_AUDIENCE: the default littoral-node-th applies.
    node = await start({ LITTORAL_AUTH_ISSUER: issuer.issuer, LITTORAL_AUTH_JWKS: issuer.jwksFile });
  });
  afterAll(async () => {
    for (const n of started) await n.app.close();
    await db?.drop();
    await issuer?.cleanup();
  });

  describe('refuses callers it cannot authenticate with UNAUTHENTICATED', () => {
    const now = () => Math.floor(Date.now() / 1000);
    it.each<[string, () => Promise<string | null>, string, string]>([
      ['no Authorization header', async () => null, 'TOKEN_MISSING', 'GraphQL requests need a bearer token: send "Authorization: Bearer <JWT>" issued by this node\'s issuer'],
      ['another scheme', async () => 'Basic dXNlcjpwYXNz', 'TOKEN_MALFORMED', 'The Authorization header must be "Bearer <JWT>"'],
      ['garbage', async () => 'Bearer not-a-jwt', 'TOKEN_MALFORMED', 'The bearer token is not a well-formed signed JWT'],
      ['an expired token', () => issuer.bearer({ roles: ['admin'], expiresIn: now() - 3600 }), 'TOKEN_EXPIRED', 'The token has expired; get a new one from the issuer'],
      ['a token not valid yet', () => issuer.bearer({ roles: ['admin'], notBefore: '1h', expiresIn: '2h' }), 'TOKEN_NOT_YET_VALID', 'The token is not valid yet (nbf is in the future)'],
      ['another issuer', () => issuer.bearer({ roles: ['admin'], issuer: 'https://evil.example' }), 'ISSUER_NOT_ACCEPTED',
        'The token was not issued by this node\'s issuer; expected "https://login.test.littoral.example"'],
      ['another audience', () => issuer.bearer({ roles: ['admin'], audience: 'littoral-node-jp' }), 'AUDIENCE_NOT_ACCEPTED',
        'The token is not meant for this node; expected audience "littoral-node-th"'],
      ['alg none', async () => `Bearer ${new UnsecuredJWT({ roles: ['admin'] }).setSubject('x').setIssuer(issuer.issuer).setAudience('littoral-node-th').setExpirationTime('5m').encode()}`,
        'ALG_NOT_ALLOWED', 'The token\'s algorithm is not accepted; expected one of EdDSA, ES256, RS256'],
      ['HS256 (a shared secret)', async () => `Bearer ${await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'test-issuer-1' })
        .setSubject('x').setIssuer(issuer.issuer).setAudience('littoral-node-th').setExpirationTime('5m').sign(new TextEncoder().encode('a'.repeat(32)))}`,
        'ALG_NOT_ALLOWED', 'The token\'s algorithm is not accepted; expected one of EdDSA, ES256, RS256'],
      ['a key the issuer does not publish (same kid)', async () => {
        const impostor = await createTestIssuer();
        try {
          return await impostor.bearer({ roles: ['admin'] });
        } finally {
          await impostor.cleanup();
        }
      }, 'SIGNATURE_INVALID', 'The token signature does not verify against the issuer\'s published keys'],
      ['a payload changed after signing', async () => {
        const [h, , s] = (await issuer.token({ roles: ['analyst'] })).split('.');
        const forged = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], iss: issuer.issuer, aud: 'littoral-node-th', exp: now() + 300 })).toString('base64url');
        return `Bearer ${h}.${forged}.${s}`;
      }, 'SIGNATURE_INVALID', 'The token signature does not verify against the issuer\'s published keys'],
      ['roles that are not a list', () => issuer.bearer({ roles: 'admin' }), 'CLAIMS_INVALID', 'The token claim "roles" must be an array of strings'],
      ['a country that is not ISO alpha-2 in capitals', () => issuer.bearer({ roles: ['admin'], country: 'th' }), 'CLAIMS_INVALID',
        'The token claim "country" must be an ISO 3166-1 alpha-2 code in capitals, e.g. TH'],
    ])('%s', async (_case, authorization, reason, message) => {
      const header = await authorization();
      const err = await refused(header, CREATE, dataset('never-created'));
      expect(err).toEqual({ message, path: ['createDataset'], extensions: { code: 'UNAUTHENTICATED', details: { reason } } });
      if (header) expect(err.message).not.toContain(header.replace(/^Bearer /, '').slice(0, 20));
    });

    it('created nothing while refusing', async () => {
      const body = await gql(node, await issuer.bearer({ roles: ['admin'] }), `{ datasets { id } }`);
      expect(body).toEqual({ data: { datasets: [] } });
    });
  });

  describe('roles', () => {
    it('lets an admin and an operator create datasets', async () => {
      for (const [role, id] of [['admin', 'th-by-admin'], ['operator', 'th-by-operator']]) {
        const body = await gql(node, await issuer.bearer({ roles: [role] }), CREATE, dataset(id));
        expect(body).toEqual({ data: { createDataset: { id, title: `Dataset ${id}` } } });
      }
    });

    it.each([
      ['an analyst', ['analyst'], 'createDataset needs one of the roles admin, operator; the token grants analyst'],
      ['an auditor', ['auditor'], 'createDataset needs one of the roles admin, operator; the token grants auditor'],
      ['"Admin" (roles are case-sensitive)', ['Admin', 'ADMIN', ' admin'], 'createDataset needs one of the roles admin, operator; the token grants no recognised role'],
      ['a token without roles', [], 'createDataset needs one of the roles admin, operator; the token grants no recognised role'],
    ])('refuses %s with FORBIDDEN naming the needed roles', async (_case, roles, message) => {
      const err = await refused(await issuer.bearer({ roles }), CREATE, dataset('th-refused'));
      expect(err).toEqual({ message, path: ['createDataset'], extensions: { code: 'FORBIDDEN', details: { operation: 'createDataset', requiredRoles: ['admin', 'operator'] } } });
      expect((await gql(node, await issuer.bearer({ roles: ['admin'] }), `{ datasets { id } }`)).data!.datasets).not.toContainEqual({ id: 'th-refused' });
    });

    it.each([
      ['analyst', '{ datasets { id } }', true],
      ['auditor', '{ datasets { id } }', true],
      ['analyst', '{ sites { totalCount } }', true],
      ['analyst', '{ occurrences { totalCount } }', true],
      ['auditor', '{ sites { totalCount } }', false],
      ['auditor', '{ imports { totalCount } }', true],
      ['analyst', '{ imports { totalCount } }', false],
      ['operator', '{ imports { totalCount } }', true],
    ])('%s: %s allowed=%s', async (role, query, allowed) => {
      const body = await gql(node, await issuer.bearer({ roles: [role] }), query);
      if (allowed) expect(body.errors).toBeUndefined();
      else expect(body.errors!.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    });

    it('checks each root field of a request on its own', async () => {
      const body = await gql(node, await issuer.bearer({ roles: ['analyst'] }), '{ datasets { id } imports { totalCount } }');
      // imports is non-null, so its refusal nulls the whole data; datasets itself was allowed.
      expect(body.errors).toEqual([expect.objectContaining({ path: ['imports'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    });

    it('shows the caller who it is, with only recognised roles', async () => {
      const body = await gql(node, await issuer.bearer({ sub: 'somchai@dmcr.example', roles: ['analyst', 'Admin', 'superuser'], country: 'TH', org: 'DMCR' }),
        '{ me { subject roles country organisation } }');
      expect(body).toEqual({ data: { me: { subject: 'somchai@dmcr.example', roles: ['analyst'], country: 'TH', organisation: 'DMCR' } } });
    });
  });

  describe('GraphQL limits and error hygiene (shared with the hub, docs/security.md)', () => {
    it('refuses an alias bomb of mutations before any of them runs', async () => {
      const bomb = `mutation { ${Array.from({ length: 31 }, (_, i) => `d${i}: createDataset(input: { id: "th-bomb-${i}", title: "B", theme: "microplastics", license: "CC0-1.0" }) { id }`).join(' ')} }`;
      const body = await gql(node, await issuer.bearer({ roles: ['admin'] }), bomb);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'INPUT_INVALID', details: { reason: 'TOO_MANY_ALIASES', limit: 30 } } })]);
      const listed = await gql(node, await issuer.bearer({ roles: ['admin'] }), '{ datasets { id } }');
      expect((listed.data!.datasets as { id: string }[]).filter((d) => d.id.startsWith('th-bomb-'))).toEqual([]);
    });

    it('refuses a costly query before it reaches the database, and accepts one full page of samples', async () => {
      const page = (a: string) => `${a}: samples(first: 500) { edges { node { id sampledAt matrix device site { id name }
        particleCounts { id sizeClass polymer shape colour count massMg } concentrations { id unitFamily value unit particleCount } } } }`;
      expect((await gql(node, await issuer.bearer({ roles: ['analyst'] }), `{ ${page('one')} }`)).errors).toBeUndefined();
      const body = await gql(node, await issuer.bearer({ roles: ['analyst'] }), `{ ${page('one')} ${page('two')} }`);
      expect(body.data).toBeUndefined();
      expect(body.errors!.map((e) => e.extensions)).toEqual([{ code: 'INPUT_INVALID', details: { reason: 'QUERY_TOO_COSTLY', limit: 100000 } }]);
    });

    it('suggests no field names and gates introspection', async () => {
      const body = await gql(node, await issuer.bearer({ roles: ['analyst'] }), '{ datasetz { id } }');
      expect(body.errors!.map((e) => e.message).join(' ')).not.toMatch(/did you mean/i);
      expect((await refused(null, '{ __schema { queryType { name } } }')).extensions).toEqual({ code: 'UNAUTHENTICATED', details: { reason: 'TOKEN_MISSING' } });
      expect(await gql(node, await issuer.bearer({ roles: ['operator'] }), '{ __schema { queryType { name } } }')).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });
  });

  it('keeps /health and /.well-known/jwks.json public', async () => {
    await request(node.url).get('/health').expect(200);
    // No key file here: 404 explains why, but never 401.
    await request(node.url).get('/.well-known/jwks.json').expect(404);
  });

  describe('a node without LITTORAL_AUTH_ISSUER', () => {
    let bare: StartedNode;
    beforeAll(async () => {
      bare = await start({});
    });

    it('refuses every GraphQL request, even with a valid token', async () => {
      const message = 'Authentication is not configured on this node (LITTORAL_AUTH_ISSUER is unset), so its GraphQL API refuses every request';
      for (const authorization of [null, await issuer.bearer({ roles: ['admin'] })]) {
        for (const query of ['{ datasets { id } }', '{ me { subject } }']) {
          const err = await refused(authorization, query, {}, bare);
          expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED', details: { reason: 'AUTH_NOT_CONFIGURED' } });
          expect(err.message).toBe(message);
        }
      }
    });

    it('still answers GET /health', async () => {
      const res = await request(bare.url).get('/health').expect(200);
      expect(res.body).toMatchObject({ app: 'node', country: 'TH' });
    });
  });

  describe('a key set fetched over http', () => {
    let server: Server;
    let fetches = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        fetches++;
        if (req.url !== '/jwks.json') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      server.closeAllConnections(); // the node's key-set fetches keep their connection alive
      await new Promise((resolve) => server.close(resolve));
    });

    it('verifies tokens against the fetched keys', async () => {
      const port = (server.address() as AddressInfo).port;
      const remote = await start({ ...issuer.env, LITTORAL_AUTH_JWKS: `http://127.0.0.1:${port}/jwks.json` });
      const body = await gql(remote, await issuer.bearer({ roles: ['auditor'] }), '{ me { roles } }');
      expect(body).toEqual({ data: { me: { roles: ['auditor'] } } });
      expect(fetches).toBeGreaterThan(0);
      const impostor = await createTestIssuer();
      try {
        expect((await refused(await impostor.bearer({ roles: ['admin'] }), '{ me { roles } }', {}, remote)).extensions.details).toEqual({ reason: 'SIGNATURE_INVALID' });
      } finally {
        await impostor.cleanup();
      }
    });

    it('refuses with KEYS_UNAVAILABLE when the key set cannot be fetched', async () => {
      const port = (server.address() as AddressInfo).port;
      const broken = await start({ ...issuer.env, LITTORAL_AUTH_JWKS: `http://127.0.0.1:${port}/missing.json` });
      const err = await refused(await issuer.bearer({ roles: ['admin'] }), '{ me { roles } }', {}, broken);
      expect(err).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', details: { reason: 'KEYS_UNAVAILABLE' } } });
      expect(err.message).toBe('The issuer\'s keys could not be obtained to check the token; try again later');
    });
  });

  describe('start-up', () => {
    it('refuses an issuer without a key set, and a key set without an issuer, in one error', async () => {
      await expect(start({ LITTORAL_AUTH_ISSUER: issuer.issuer })).rejects.toMatchObject({
        code: 'CONFIG_INVALID', message: expect.stringContaining('LITTORAL_AUTH_JWKS must be set too'),
      });
      await expect(start({ LITTORAL_AUTH_JWKS: issuer.jwksFile, LITTORAL_AUTH_AUDIENCE: 'x y' })).rejects.toMatchObject({
        code: 'CONFIG_INVALID', message: expect.stringMatching(/2 problems[\s\S]*LITTORAL_AUTH_ISSUER must be set too[\s\S]*without spaces/),
      });
    });

    it('refuses a key set file that cannot be read', async () => {
      await expect(start({ ...issuer.env, LITTORAL_AUTH_JWKS: '/nonexistent/jwks.json' })).rejects.toMatchObject({
        code: 'CONFIG_INVALID', message: 'LITTORAL_AUTH_JWKS file "/nonexistent/jwks.json" cannot be read (ENOENT)',
      });
    });
  });
});
