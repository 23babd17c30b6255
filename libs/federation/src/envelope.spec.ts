import { JWS_TYPES, activeKey, generateKeyFile, signJws, type KeyFile, type TrustedKey } from '@littoral/crypto';
import {
  NonceCache,
  newCorrelationId,
  signCursor,
  signQueryAnswer,
  signQueryEnvelope,
  verifyCursor,
  verifyQueryAnswer,
  verifyQueryEnvelope,
  type RequesterClaims,
} from './envelope.js';
import { sketchOf } from './sketch.js';
import type { FederatedQuery, NodeAnswerBody } from './summary-contracts.js';

const T0 = new Date('2025-06-02T03:00:00.000Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

const requester: RequesterClaims = { subject: 'analyst-42', country: 'TH', organisation: 'th-dmcr', roles: ['analyst'] };
const query: FederatedQuery = { kind: 'microplasticSummary', filter: { countries: ['JP', 'VN'], matrices: ['RW_SURF'], timeRange: { from: '2021-01-01' } }, groupBy: { by: ['COUNTRY', 'POLYMER'] } };

let hub: KeyFile;
let jp: KeyFile;
let vn: KeyFile;
const trust = (kf: KeyFile): TrustedKey[] => [{ kid: activeKey(kf).kid, jwk: activeKey(kf).publicJwk }];

beforeAll(async () => {
  hub = await generateKeyFile('TH', T0); // the key file's country is irrelevant to the hub's key itself
  jp = await generateKeyFile('JP', T0);
  vn = await generateKeyFile('VN', T0);
});

async function envelope(extra: Partial<Parameters<typeof signQueryEnvelope>[0]> = {}, now = T0): Promise<string> {
  return signQueryEnvelope({ audience: 'JP', requester, purpose: 'regional report 2025', query, correlationId: 'c0a80101-0000-4000-8000-000000000001', ...extra }, activeKey(hub), now);
}

const nodeOpts = (extra: Partial<Parameters<typeof verifyQueryEnvelope>[1]> = {}) => ({ trusted: trust(hub), country: 'JP', receivedAt: at(1), nonces: new NonceCache(), ...extra });

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('query envelope', () => {
  it('round-trips: the node reads requester, purpose, query and correlation id', async () => {
    const env = await verifyQueryEnvelope(await envelope(), nodeOpts());
    expect(env).toMatchObject({ use: 'query', aud: 'JP', requester, purpose: 'regional report 2025', query, correlationId: 'c0a80101-0000-4000-8000-000000000001', kid: activeKey(hub).kid });
    expect(env.exp - env.iat).toBe(20);
    expect(env.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a replay with the same nonce', async () => {
    const nonces = new NonceCache();
    const jws = await envelope();
    await verifyQueryEnvelope(jws, nodeOpts({ nonces }));
    expect(await refusal(verifyQueryEnvelope(jws, nodeOpts({ nonces, receivedAt: at(2) })))).toMatchObject({ code: 'ENVELOPE_REPLAYED' });
  });

  it.each([
    ['expired (beyond the skew)', at(20 + 5 + 1), 'ENVELOPE_EXPIRED', /expired 6 s ago/],
    ['issued in the future', at(-10), 'ENVELOPE_EXPIRED', /in the future/],
  ])('refuses an envelope %s', async (_, receivedAt, code, message) => {
    expect(await refusal(verifyQueryEnvelope(await envelope(), nodeOpts({ receivedAt })))).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('accepts within the clock-skew tolerance', async () => {
    await expect(verifyQueryEnvelope(await envelope(), nodeOpts({ receivedAt: at(24) }))).resolves.toBeDefined();
  });

  it('refuses an envelope for another node, signed by an unknown key, or of the wrong typ', async () => {
    expect(await refusal(verifyQueryEnvelope(await envelope({ audience: 'VN' }), nodeOpts()))).toMatchObject({ code: 'AUDIENCE_MISMATCH' });
    expect(await refusal(verifyQueryEnvelope(await envelope(), nodeOpts({ trusted: trust(jp) })))).toMatchObject({ code: 'KEY_UNKNOWN' });
    const asAnswer = await signJws({ aud: 'JP' }, JWS_TYPES.queryAnswer, activeKey(hub), { iss: 'hub' }, T0);
    expect(await refusal(verifyQueryEnvelope(asAnswer, nodeOpts()))).toMatchObject({ code: 'TYP_MISMATCH' });
  });

  it('refuses a cursor presented as an envelope', async () => {
    const cursor = await signCursor({ subject: 'analyst-42', query, positions: {} }, activeKey(hub), T0);
    expect(await refusal(verifyQueryEnvelope(cursor, nodeOpts()))).toMatchObject({ code: 'ENVELOPE_INVALID' });
  });

  it('the hub refuses to sign a lifetime above 30 s or an invalid query', async () => {
    expect(await refusal(envelope({ lifetimeSeconds: 31 }))).toMatchObject({ code: 'ENVELOPE_INVALID' });
    const bad = { ...query, filter: { matrices: ['SEA'] } } as unknown as FederatedQuery;
    expect(await refusal(envelope({ query: bad }))).toMatchObject({ code: 'ENVELOPE_INVALID', message: expect.stringContaining('query.filter.matrices[0]') });
  });

  it('refuses an envelope with an extra claim even when signed by the hub', async () => {
    const payload = { use: 'query', aud: 'JP', requester, purpose: 'x', query, correlationId: newCorrelationId(), nonce: 'AAAAAAAAAAAAAAAAAAAAAA', exp: Math.floor(T0.getTime() / 1000) + 10, admin: true };
    const jws = await signJws(payload, JWS_TYPES.queryEnvelope, activeKey(hub), { iss: 'hub' }, T0);
    expect(await refusal(verifyQueryEnvelope(jws, nodeOpts()))).toMatchObject({ code: 'ENVELOPE_INVALID', message: expect.stringContaining('admin') });
  });
});

describe('query envelope: requesterToken', () => {
  const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbmFseXN0LTQyIn0.c2lnbmF0dXJl';

  it('carries the analyst\'s bearer token to the node unchanged, and stays optional', async () => {
    const env = await verifyQueryEnvelope(await envelope({ requesterToken: token }), nodeOpts());
    expect(env.requesterToken).toBe(token);
    expect((await verifyQueryEnvelope(await envelope(), nodeOpts())).requesterToken).toBeUndefined();
  });

  it.each([
    ['not a compact JWT', 'not-a-token'],
    ['too long', `${'a'.repeat(8200)}.b.c`],
  ])('refuses a requesterToken %s without echoing it', async (_, bad) => {
    const err = await refusal(envelope({ requesterToken: bad }));
    expect(err).toMatchObject({ code: 'ENVELOPE_INVALID', message: expect.stringContaining('requesterToken: expected a compact JWT') });
    expect(err.message).not.toContain(bad.slice(0, 8));
  });

  it('refuses a requesterToken that is not a string, even signed by the hub', async () => {
    const payload = { use: 'query', aud: 'JP', requester, purpose: 'x', query, correlationId: newCorrelationId(), nonce: 'AAAAAAAAAAAAAAAAAAAAAA', exp: Math.floor(T0.getTime() / 1000) + 10, requesterToken: 42 };
    const jws = await signJws(payload, JWS_TYPES.queryEnvelope, activeKey(hub), { iss: 'hub' }, T0);
    expect(await refusal(verifyQueryEnvelope(jws, nodeOpts()))).toMatchObject({ code: 'ENVELOPE_INVALID', message: expect.stringContaining('requesterToken') });
  });
});

describe('NonceCache', () => {
  it('forgets expired nonces and fails closed when full of live ones', () => {
    const cache = new NonceCache(2);
    expect(cache.remember('a', 1000, 0)).toBe(true);
    expect(cache.remember('b', 1000, 0)).toBe(true);
    expect(() => cache.remember('c', 2000, 500)).toThrow(expect.objectContaining({ code: 'NONCE_CACHE_FULL' }));
    expect(cache.remember('c', 2000, 1000)).toBe(true); // a and b expired
    expect(cache.size).toBe(1);
    expect(cache.remember('c', 2000, 1500)).toBe(false);
  });
});

describe('query answer', () => {
  const correlationId = 'c0a80101-0000-4000-8000-000000000002';
  const body: NodeAnswerBody = {
    correlationId,
    kind: 'microplasticSummary',
    status: 'OK',
    level: 'AGGREGATE',
    rows: [
      {
        group: { country: 'JP', polymer: 'PE' }, suppressed: false, samples: 14, particles: 311, datasets: ['jp-moe-rivers-2023'],
        concentrations: [],
      },
      { group: { country: 'JP', polymer: 'PVC' }, suppressed: true, samples: null, particles: null, concentrations: null, datasets: [] },
    ],
    suppressedGroups: 1,
    freshness: '2025-05-30T00:00:00Z',
    datasets: [{ id: 'jp-moe-rivers-2023', version: '3', licence: 'CC-BY-4.0', citation: 'Ministry of the Environment, Japan (2024). River microplastics 2023.' }],
    queryMs: 42,
  };
  const hubOpts = (extra = {}) => ({ country: 'JP', trusted: trust(jp), correlationId, query, receivedAt: at(2), ...extra });

  it('verifies the right node, key and correlation id', async () => {
    const jws = await signQueryAnswer(body, activeKey(jp), 'JP', at(1));
    await expect(verifyQueryAnswer(jws, hubOpts())).resolves.toMatchObject({ status: 'OK', rows: body.rows, kid: activeKey(jp).kid });
  });

  it('refuses an answer signed by another node, for another query, or malformed', async () => {
    const byVn = await signQueryAnswer(body, activeKey(vn), 'VN', at(1));
    expect(await refusal(verifyQueryAnswer(byVn, hubOpts()))).toMatchObject({ code: 'KEY_UNKNOWN' });
    expect(await refusal(verifyQueryAnswer(byVn, hubOpts({ trusted: trust(vn) })))).toMatchObject({ code: 'ISSUER_MISMATCH' });
    const jws = await signQueryAnswer(body, activeKey(jp), 'JP', at(1));
    expect(await refusal(verifyQueryAnswer(jws, hubOpts({ correlationId: 'c0a80101-0000-4000-8000-000000000003' })))).toMatchObject({ code: 'CORRELATION_MISMATCH' });
    const bad = await signQueryAnswer({ ...body, rows: [{ ...body.rows![0], samples: -1 } as never] }, activeKey(jp), 'JP', at(1));
    expect(await refusal(verifyQueryAnswer(bad, hubOpts()))).toMatchObject({ code: 'ANSWER_INVALID', message: expect.stringContaining('answer.rows[0].samples') });
  });

  it('accepts a visible row without particle counts (particles null) but not without samples', async () => {
    const row = { ...body.rows![0], particles: null };
    const ok = await signQueryAnswer({ ...body, rows: [row as never] }, activeKey(jp), 'JP', at(1));
    await expect(verifyQueryAnswer(ok, hubOpts())).resolves.toMatchObject({ rows: [expect.objectContaining({ particles: null })] });
    const bad = await signQueryAnswer({ ...body, rows: [{ ...row, samples: null } as never] }, activeKey(jp), 'JP', at(1));
    expect(await refusal(verifyQueryAnswer(bad, hubOpts()))).toMatchObject({ code: 'ANSWER_INVALID', message: expect.stringContaining('answer.rows[0].samples: got null; a visible row must carry it') });
  });

  it('checks sketches against n', async () => {
    const row = { ...body.rows![0], concentrations: [{ matrix: 'RW_SURF', sizeClass: null, family: 'VOLUME', unit: 'pieces/m3', n: 3, sum: 3, min: 0.5, max: 1.5, sketch: sketchOf([1, 1]) }] };
    const jws = await signQueryAnswer({ ...body, rows: [row as never] }, activeKey(jp), 'JP', at(1));
    expect(await refusal(verifyQueryAnswer(jws, hubOpts()))).toMatchObject({ code: 'ANSWER_INVALID', message: expect.stringContaining('holds 2 values; expected n = 3') });
  });
});

describe('cursor', () => {
  const recordQuery: FederatedQuery = { kind: 'occurrences', filter: { countries: ['PH', 'ID'], iucnCategories: ['EN'] }, first: 50 };
  const opts = (extra = {}) => ({ trusted: trust(hub), subject: 'analyst-42', query: recordQuery, receivedAt: at(60), ...extra });

  it('round-trips positions for the same analyst and query', async () => {
    const cursor = await signCursor({ subject: 'analyst-42', query: recordQuery, positions: { ID: null, PH: 'ph-obis:1032' } }, activeKey(hub), T0);
    await expect(verifyCursor(cursor, opts())).resolves.toEqual({ ID: null, PH: 'ph-obis:1032' });
    // `first` may change between pages; the filter may not.
    await expect(verifyCursor(cursor, opts({ query: { ...recordQuery, first: 10 } }))).resolves.toBeDefined();
  });

  it.each([
    ['another analyst', { subject: 'analyst-7' }, /another user/],
    ['another filter', { query: { ...recordQuery, filter: { countries: ['PH'] } } }, /another query/],
    ['after expiry', { receivedAt: at(3601) }, /expired/],
  ])('is refused for %s', async (_, extra, message) => {
    const cursor = await signCursor({ subject: 'analyst-42', query: recordQuery, positions: {} }, activeKey(hub), T0);
    expect(await refusal(verifyCursor(cursor, opts(extra)))).toMatchObject({ code: 'CURSOR_INVALID', message: expect.stringMatching(message) });
  });

  it('refuses an envelope presented as a cursor, and a tampered cursor', async () => {
    expect(await refusal(verifyCursor(await envelope(), opts({ receivedAt: at(1) })))).toMatchObject({ code: 'CURSOR_INVALID' });
    const cursor = await signCursor({ subject: 'analyst-42', query: recordQuery, positions: {} }, activeKey(hub), T0);
    const [h, , s] = cursor.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ positions: { PH: 'x' } })).toString('base64url')}.${s}`;
    expect(await refusal(verifyCursor(forged, opts()))).toMatchObject({ code: 'CURSOR_INVALID' });
  });
});
