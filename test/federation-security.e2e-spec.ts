import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { activeKey, generateKeyFile, signJws, JWS_TYPES, type KeyFile } from '@littoral/crypto';
import { newCorrelationId, signQueryEnvelope, verifyQueryAnswer, type FederatedQuery, type RequesterClaims } from '@littoral/federation';
import { QUERY_ERROR_HEADER, querySubject } from '@littoral/messaging';
import { FederationHarness, NATS_URL, type NodeHandle } from './support/federation-harness';
import { SHARED_DATA } from './support/paths';

// What a node refuses, sent as raw envelopes over NATS (forged, tampered,
// expired, replayed, for another node, with a requester token that does not
// match), and what an analyst cannot reach through the hub's GraphQL when a
// grant redacts a field (aliases, fragments, filters).

jest.setTimeout(180_000);

const query: FederatedQuery = { kind: 'microplasticSummary', filter: {}, groupBy: { by: ['MATRIX'] } };
const claims: RequesterClaims = { subject: 'analyst-1', country: 'TH', organisation: 'th-dmcr', roles: ['analyst'] };

async function load(node: NodeHandle): Promise<void> {
  await node.dataset('jp-ncei', 'microplastics');
  await node.imports.run({ datasetId: 'jp-ncei', kind: 'microplastics', format: 'ncei', path: path.join(SHARED_DATA, 'ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
  // Polymer is withheld: filtering or grouping on it must be refused.
  await node.grant('jp-ncei', 'AGGREGATE', { kind: 'NETWORK' }, { redactedFields: ['polymer'] });
}

describe('federated queries: what a node refuses, what an analyst cannot reach', () => {
  const f = new FederationHarness();
  let nc: NatsConnection;
  let intruder: KeyFile;
  const subject = () => querySubject(f.prefix, 'JP');

  /** Sends raw text to the node; the reply's refusal code (header) or its signed answer. */
  async function send(text: string): Promise<{ code: string | null; body: string }> {
    const reply = await nc.request(subject(), text, { timeout: 5000 });
    return { code: reply.headers?.get(QUERY_ERROR_HEADER) || null, body: reply.string() };
  }

  async function envelope(o: { key?: KeyFile; now?: Date; lifetimeSeconds?: number; audience?: string; requester?: RequesterClaims; token?: string | null; nonce?: string } = {}) {
    const token = o.token === undefined ? await f.analystToken() : o.token;
    return signQueryEnvelope(
      { audience: o.audience ?? 'JP', requester: o.requester ?? claims, purpose: 'security test', query, correlationId: newCorrelationId(), lifetimeSeconds: o.lifetimeSeconds ?? 20, ...(o.nonce ? { nonce: o.nonce } : {}), ...(token === null ? {} : { requesterToken: token }) },
      activeKey(o.key ?? f.hubKeys),
      o.now ?? new Date(),
    );
  }

  /** Verifies a signed answer as the hub would. */
  const answerOf = async (jws: string, correlationId: string) =>
    verifyQueryAnswer(jws, { country: 'JP', trusted: [{ kid: activeKey(f.node('JP').keys).kid, jwk: activeKey(f.node('JP').keys).publicJwk }], correlationId, query, receivedAt: new Date() });
  const correlationOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()).correlationId as string;

  beforeAll(async () => {
    await f.start({ countries: ['JP'], load });
    await f.catalogueSynced();
    nc = await connect({ servers: NATS_URL });
    intruder = await generateKeyFile('TH', new Date());
  });
  afterAll(async () => {
    await nc?.close();
    await f.stop();
  });

  it('answers a valid envelope with a signed answer the hub verifies', async () => {
    const jws = await envelope();
    const { code, body } = await send(jws);
    expect(code).toBeNull();
    await expect(answerOf(body, correlationOf(jws))).resolves.toMatchObject({ status: 'OK', level: 'AGGREGATE' });
  });

  it.each([
    ['forged: signed by a key the node does not trust', async () => envelope({ key: intruder }), 'KEY_UNKNOWN'],
    ['tampered: payload changed after signing', async () => {
      const [h, p, s] = (await envelope()).split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.requester.country = 'JP';
      return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    }, 'SIGNATURE_INVALID'],
    ['expired', async () => envelope({ now: new Date(Date.now() - 60_000), lifetimeSeconds: 10 }), 'ENVELOPE_EXPIRED'],
    ['addressed to another node', async () => envelope({ audience: 'TH' }), 'AUDIENCE_MISMATCH'],
    ['of another typ (an answer-typed message)', async () => signJws({ aud: 'JP' }, JWS_TYPES.queryAnswer, activeKey(f.hubKeys), { iss: 'hub' }, new Date()), 'TYP_MISMATCH'],
    ['not a JWS at all', async () => 'hello', 'MESSAGE_MALFORMED'],
  ])('refuses an envelope %s, with a code and a text that reveals nothing', async (_, make, expected) => {
    const { code, body } = await send(await make());
    expect(code).toBe(expected);
    expect(body).not.toMatch(/jp-ncei|SELECT|at \w+ \(/);
  });

  it('refuses a replayed envelope: the first copy is answered, the second refused', async () => {
    const jws = await envelope();
    expect((await send(jws)).code).toBeNull();
    expect(await send(jws)).toEqual({ code: 'ENVELOPE_REPLAYED', body: expect.stringContaining('already received') });
  });

  it.each([
    ['claims that differ from the token (another country)', { requester: { ...claims, country: 'JP' } }, 'differ'],
    ['claims that differ from the token (extra role)', { requester: { ...claims, roles: ['analyst', 'admin'] } }, 'differ'],
    ['no requester token', { token: null }, 'no requester token'],
  ])('denies an envelope with %s (signed DENIED answer, nothing computed)', async (_, o, reason) => {
    const jws = await envelope(o as never);
    const { code, body } = await send(jws);
    expect(code).toBeNull();
    const answer = await answerOf(body, correlationOf(jws));
    expect(answer).toMatchObject({ status: 'DENIED', level: null, rows: [], datasets: [], reason: expect.stringContaining(reason) });
  });

  it('denies a requester token that is expired, for another audience, or without the analyst role', async () => {
    const cases: [string, string][] = [
      [await f.issuer.token({ sub: 'analyst-1', roles: ['analyst'], country: 'TH', org: 'th-dmcr', expiresIn: Math.floor(Date.now() / 1000) - 120 }), 'TOKEN_EXPIRED'],
      [await f.issuer.token({ sub: 'analyst-1', roles: ['analyst'], country: 'TH', org: 'th-dmcr', audience: 'littoral-node-jp' }), 'AUDIENCE_NOT_ACCEPTED'],
    ];
    for (const [token, why] of cases) {
      const jws = await envelope({ token });
      const answer = await answerOf((await send(jws)).body, correlationOf(jws));
      expect(answer).toMatchObject({ status: 'DENIED', reason: expect.stringContaining(why) });
    }
    const auditor = { ...claims, roles: ['auditor'] };
    const jws = await envelope({ requester: auditor, token: await f.analystToken({ roles: ['auditor'] }) });
    expect(await answerOf((await send(jws)).body, correlationOf(jws))).toMatchObject({ status: 'DENIED', reason: 'federated queries need the analyst role' });
  });

  it('a message without a reply subject is answered to no one and does not disturb the next query', async () => {
    // A stray publish on the node's subject without a reply subject gets no answer and changes nothing.
    nc.publish(subject(), await envelope());
    const jws = await envelope();
    expect((await send(jws)).code).toBeNull();
  });

  describe('redacted fields through the hub (GraphQL)', () => {
    const run = (q: string, variables: Record<string, unknown> = {}) => f.graphql(q, { purpose: 'security test', ...variables });

    it('grouping by the redacted field — directly, through an alias or a fragment — gets DENIED from the node, no polymer value', async () => {
      const direct = `query ($purpose: String!) { microplasticSummary(purpose: $purpose, groupBy: { by: [POLYMER] }) { rows { group { polymer } samples } manifest { nodes { country status reason } } } }`;
      const aliased = `query ($purpose: String!) { s: microplasticSummary(purpose: $purpose, groupBy: { by: [MATRIX, POLYMER] }) { r: rows { g: group { p: polymer m: matrix } } manifest { nodes { country status reason } } } }`;
      const fragment = `fragment G on MicroplasticGroup { polymer } query ($purpose: String!) { microplasticSummary(purpose: $purpose, groupBy: { by: [POLYMER] }) { rows { group { ...G } } manifest { nodes { country status reason } } } }`;
      for (const q of [direct, aliased, fragment]) {
        const res = await run(q);
        expect(res.errors).toBeUndefined();
        const result = (res.data!.microplasticSummary ?? res.data!.s) as { rows?: unknown[]; r?: unknown[]; manifest: { nodes: { country: string; status: string; reason: string }[] } };
        expect(result.manifest.nodes).toEqual([{ country: 'JP', status: 'DENIED', reason: expect.stringContaining('polymer') }]);
        expect(result.rows ?? result.r).toEqual([]);
      }
    });

    it('filtering on the redacted field is denied too; the same query without it is answered', async () => {
      const q = `query ($purpose: String!, $filter: MicroplasticFilterInput) { microplasticSummary(purpose: $purpose, filter: $filter, groupBy: { by: [MATRIX] }) { rows { group { matrix } samples } manifest { nodes { country status reason } } } }`;
      const filtered = await run(q, { filter: { polymers: ['PE'] } });
      expect(filtered.data!.microplasticSummary.manifest.nodes[0]).toMatchObject({ status: 'DENIED', reason: expect.stringContaining('polymer') });
      expect(filtered.data!.microplasticSummary.rows).toEqual([]);
      const plain = await run(q);
      expect(plain.data!.microplasticSummary.manifest.nodes[0]).toMatchObject({ status: 'OK' });
      expect(plain.data!.microplasticSummary.rows.length).toBeGreaterThan(0);
    });

    it('refuses callers without the analyst role, and queries without a purpose', async () => {
      const q = `query { microplasticSummary(purpose: "x", groupBy: { by: [MATRIX] }) { complete } }`;
      const auditor = await f.graphql(q, {}, await f.issuer.token({ sub: 'aud-1', roles: ['auditor'], country: 'TH' }));
      expect(auditor.errors![0].extensions!.code).toBe('FORBIDDEN');
      const blank = await f.graphql(`query { microplasticSummary(purpose: "  ", groupBy: { by: [MATRIX] }) { complete } }`);
      expect(blank.errors![0]).toMatchObject({ extensions: { code: 'INPUT_INVALID' }, message: expect.stringContaining('purpose') });
      const bad = await f.graphql(`query { microplasticSummary(purpose: "x", filter: { matrices: ["SEAWATER"] }, groupBy: { by: [GRID] }) { complete } }`);
      expect(bad.errors![0]).toMatchObject({ extensions: { code: 'INPUT_INVALID' } });
      expect(bad.errors![0].message).toContain('filter.matrices[0]');
      expect(bad.errors![0].message).toContain('groupBy.gridSizeDeg');
    });
  });
});

