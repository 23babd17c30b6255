import { activeKey, generateKeyFile, type StoredKey, type TrustedKey } from '@littoral/crypto';
import { sealEntry, type AuditEntry } from './audit-entry.js';
import { signCheckpoint } from './checkpoint.js';
import { signTraceAnswer, signTraceRequest, summaryEntry, traceViewFor, verifyTraceAnswer, verifyTraceRequest, type TraceAnswer } from './audit-trace.js';
import { chain, input, T0 } from './spec-helpers.js';

const ID = '00000000-0000-4000-8000-000000000001';
const TRACE = '11111111-1111-4111-8111-111111111111';
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln';
const trusted = (k: StoredKey): TrustedKey[] => [{ kid: k.kid, jwk: k.publicJwk }];
const nonces = () => {
  const seen = new Set<string>();
  return { remember: (n: string) => (seen.has(n) ? false : (seen.add(n), true)) };
};

describe('traceViewFor (who sees what)', () => {
  it.each([
    [{ country: 'TH', roles: ['auditor'] }, 'own', 'FULL'],
    [{ country: 'TH', roles: ['auditor'] }, 'network', 'FULL'],
    [{ country: 'TH', roles: ['auditor'] }, 'none', null],
    [{ country: 'JP', roles: ['auditor'] }, 'own', null],
    [{ country: 'JP', roles: ['auditor'] }, 'network', 'SUMMARY'],
    [{ country: null, roles: ['auditor'] }, 'network', 'SUMMARY'],
    [{ country: null, roles: ['auditor'] }, 'own', null],
    [{ country: 'TH', roles: ['analyst', 'admin'] }, 'network', null],
  ] as const)('%j under %s → %s', (auditor, scope, view) => {
    expect(traceViewFor(auditor, 'TH', scope)).toBe(view);
  });

  it('summarises an entry without actor, purpose, datasets or reason', () => {
    const [e] = chain(1);
    const s = summaryEntry({ ...e, extra: 'never shown' } as AuditEntry);
    expect(Object.keys(s).sort()).toEqual(['action', 'correlationId', 'decision', 'hash', 'policyVersion', 'prevHash', 'requestHash', 'resultSize', 'seq', 'time']);
    expect(s.hash).toBe(e.hash);
  });
});

describe('trace requests and answers', () => {
  let hub: StoredKey;
  let th: StoredKey;
  beforeAll(async () => {
    hub = activeKey(await generateKeyFile('TH', T0));
    th = activeKey(await generateKeyFile('TH', T0));
  });
  const ask = (o: { audience?: string; now?: Date; key?: StoredKey } = {}) =>
    signTraceRequest({ audience: o.audience ?? 'TH', correlationId: ID, traceId: TRACE, auditor: { subject: 'a', country: 'TH', roles: ['auditor'] }, auditorToken: TOKEN, lifetimeSeconds: 10 }, o.key ?? hub, o.now ?? T0);

  it('verifies a request once, and refuses replays, other audiences, expiry and other signers by code', async () => {
    const memory = nonces();
    const jws = await ask();
    await expect(verifyTraceRequest(jws, { trusted: trusted(hub), country: 'TH', receivedAt: T0, nonces: memory })).resolves.toMatchObject({ correlationId: ID, traceId: TRACE, auditorToken: TOKEN });
    const refusal = async (j: string, at = T0) => verifyTraceRequest(j, { trusted: trusted(hub), country: 'TH', receivedAt: at, nonces: memory }).then(() => 'accepted', (e: { code: string }) => e.code);
    expect(await refusal(jws)).toBe('ENVELOPE_REPLAYED');
    expect(await refusal(await ask({ audience: 'JP' }))).toBe('AUDIENCE_MISMATCH');
    expect(await refusal(await ask(), new Date(T0.getTime() + 60_000))).toBe('ENVELOPE_EXPIRED');
    expect(await refusal(await ask({ key: th }))).toBe('KEY_UNKNOWN');
    await expect(signTraceRequest({ audience: 'TH', correlationId: ID, traceId: TRACE, auditor: { subject: 'a', roles: [] }, auditorToken: TOKEN, lifetimeSeconds: 31 }, hub, T0)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  const answerOf = (entries: AuditEntry[], view: 'FULL' | 'SUMMARY', checkpoint: string | null = null): Omit<TraceAnswer, 'use'> => ({
    correlationId: ID, traceId: TRACE, status: 'OK', view, entries: view === 'FULL' ? entries : entries.map(summaryEntry), truncated: false, checkpoint,
  });
  const entries = (): AuditEntry[] => [sealEntry(input(1, { correlationId: ID }), 7, '0'.repeat(64), T0)];
  const check = (jws: string, traceId = TRACE) => verifyTraceAnswer(jws, { country: 'TH', trusted: trusted(th), correlationId: ID, traceId, receivedAt: T0 });

  it('verifies FULL and SUMMARY answers with the node\'s checkpoint', async () => {
    const cp = await signCheckpoint({ origin: 'TH', seq: 9, head: 'a'.repeat(64), time: T0.toISOString() }, th);
    const full = await check(await signTraceAnswer(answerOf(entries(), 'FULL', cp), th, 'TH', T0));
    expect(full).toMatchObject({ status: 'OK', view: 'FULL', checkpoint: { seq: 9, kid: th.kid } });
    const summary = await check(await signTraceAnswer(answerOf(entries(), 'SUMMARY'), th, 'TH', T0));
    expect(summary.entries[0]).not.toHaveProperty('actor');
  });

  it.each([
    ['an edited FULL entry', () => answerOf([{ ...entries()[0], resultSize: 999 }], 'FULL'), 'ANSWER_INVALID'],
    ['a SUMMARY entry carrying the actor', () => ({ ...answerOf(entries(), 'SUMMARY'), entries: [{ ...summaryEntry(entries()[0]), actor: entries()[0].actor }] }), 'ANSWER_INVALID'],
    ['an entry of another correlation id', () => answerOf([sealEntry(input(2), 3, '0'.repeat(64), T0)], 'FULL'), 'ANSWER_INVALID'],
    ['DENIED with entries', () => ({ ...answerOf(entries(), 'FULL'), status: 'DENIED' as const, view: null }), 'ANSWER_INVALID'],
  ])('refuses %s', async (_, make, code) => {
    await expect(check(await signTraceAnswer(make() as Omit<TraceAnswer, 'use'>, th, 'TH', T0))).rejects.toMatchObject({ code });
  });

  it('refuses an answer to another trace, and a request passed off as an answer', async () => {
    await expect(check(await signTraceAnswer(answerOf(entries(), 'FULL'), th, 'TH', T0), '22222222-2222-4222-8222-222222222222')).rejects.toMatchObject({ code: 'CORRELATION_MISMATCH' });
    await expect(verifyTraceAnswer(await ask(), { country: 'TH', trusted: trusted(hub), correlationId: ID, traceId: TRACE, receivedAt: T0 })).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
  });
});
