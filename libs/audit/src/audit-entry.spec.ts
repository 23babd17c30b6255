import { canonicalJson } from './canonical-json.js';
import { entryHash, GENESIS_HASH, sealEntry, sha256Hex, validateEntry, validateEntryInput, type AuditEntryInput } from './audit-entry.js';
import { input, T0 } from './spec-helpers.js';

describe('audit entry model', () => {
  it('seals an entry: hash = SHA-256 of the canonical JSON of every member but hash, prevHash included', () => {
    const e = sealEntry(input(1), 1, GENESIS_HASH, T0);
    const { hash, ...rest } = e;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(e).toMatchObject({ seq: 1, time: '2025-03-01T08:00:00.000Z', prevHash: '0'.repeat(64) });
    expect(entryHash({ ...rest, prevHash: 'f'.repeat(64) })).not.toBe(hash);
    expect(validateEntry(e)).toEqual(e);
  });

  it('does not share lists with the caller', () => {
    const i = input(2);
    const e = sealEntry(i, 1, GENESIS_HASH, T0);
    i.datasets.push('other');
    i.actor.roles.push('admin');
    expect(e.datasets).toEqual(['th-gulf-2022']);
    expect(e.actor.roles).toEqual(['analyst']);
  });

  const refused: [string, (i: AuditEntryInput) => unknown, string][] = [
    ['an unknown action', (i) => ({ ...i, action: 'delete-everything' }), 'action must be one of query, records.read'],
    ['an unknown decision', (i) => ({ ...i, decision: 'maybe' }), 'decision must be one of allowed, denied, partial, suppressed'],
    ['a record value as an extra member', (i) => ({ ...i, rows: [{ lat: 13.5, count: 41 }] }), 'unknown member(s) "rows"'],
    ['values smuggled into the actor', (i) => ({ ...i, actor: { ...i.actor, email: 'a@b.c' } }), 'actor has unknown member(s) "email"'],
    ['a dataset list holding values', (i) => ({ ...i, datasets: ['th-gulf-2024', { lat: 13.5 }] }), 'datasets[1] must be dataset ids'],
    ['coordinates as a dataset id', (i) => ({ ...i, datasets: ['13.54,100.59'] }), 'datasets[0] must be dataset ids'],
    ['a multi-line purpose', (i) => ({ ...i, purpose: 'report\nPE,41\nPP,17' }), 'purpose must be null or a declared purpose'],
    ['a purpose too long to be a purpose', (i) => ({ ...i, purpose: 'x'.repeat(201) }), 'purpose must be null or a declared purpose'],
    ['a fractional result size', (i) => ({ ...i, resultSize: 41.5 }), 'resultSize must be null or a count'],
    ['a negative result size', (i) => ({ ...i, resultSize: -1 }), 'resultSize must be null or a count'],
    ['free text as a reason', (i) => ({ ...i, reason: 'site S1 has 41 particles' }), 'reason must be null or an error code'],
    ['a non-UUID correlation id', (i) => ({ ...i, correlationId: 'abc' }), 'correlationId must be a lower-case UUID'],
    ['a request hash that is not a SHA-256', (i) => ({ ...i, requestHash: 'zz' }), 'requestHash must be null or a SHA-256'],
    ['a subject with spaces', (i) => ({ ...i, actor: { ...i.actor, subject: 'Somchai Jaidee' } }), 'actor.subject must be an identifier'],
    ['a lower-case country', (i) => ({ ...i, actor: { ...i.actor, country: 'th' } }), 'actor.country must be an ISO 3166-1 alpha-2 code'],
    ['a missing member', (i) => ({ ...i, purpose: undefined }), 'lacks purpose (use null for "none")'],
  ];
  it.each(refused)('refuses %s, naming the member and never quoting the value', (_name, mutate, message) => {
    const bad = mutate(input(3));
    let err: unknown;
    try {
      validateEntryInput(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INPUT_INVALID' });
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).not.toMatch(/13\.5|41|Somchai|a@b\.c/);
  });

  it('accepts hub-side dataset URNs and empty lists', () => {
    expect(validateEntryInput(input(4, { datasets: ['urn:littoral:dataset:TH:th-gulf-2024'] })).datasets).toHaveLength(1);
    expect(validateEntryInput(input(4, { datasets: [], actor: { subject: 'cli', country: null, organisation: null, roles: [] } })).datasets).toEqual([]);
  });
});
