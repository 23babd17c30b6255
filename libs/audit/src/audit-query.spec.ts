import { AUDIT_ACTIONS, validateEntryInput } from './audit-entry.js';
import { ANONYMOUS_ACTOR, auditActor, auditInput, checkAuditFilter, requestHashOf } from './audit-query.js';

describe('auditor helpers', () => {
  it('has audit.read and checkpoint.rejected in the closed vocabulary', () => {
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['audit.read', 'checkpoint.rejected', 'login.refused']));
  });

  it('maps claims to an actor the entry model accepts, hashing identifiers it could not hold', () => {
    const a = auditActor({ subject: 'Somchai Jaidee', country: 'th', organisation: 'Dept of Marine Resources', roles: ['auditor', 'Admin', 'auditor'] });
    expect(a.subject).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.organisation).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a).toMatchObject({ country: null, roles: ['auditor'] });
    expect(auditActor({ subject: 'u-1', country: 'TH', organisation: 'dmcr', roles: ['analyst'] })).toEqual({ subject: 'u-1', country: 'TH', organisation: 'dmcr', roles: ['analyst'] });
    for (const actor of [a, ANONYMOUS_ACTOR]) expect(() => validateEntryInput(auditInput({ actor, action: 'login.refused', decision: 'denied' }))).not.toThrow();
  });

  it('gives a fresh correlation id unless one is given, and stable request hashes', () => {
    const one = auditInput({ actor: ANONYMOUS_ACTOR, action: 'audit.read', decision: 'allowed' });
    const two = auditInput({ actor: ANONYMOUS_ACTOR, action: 'audit.read', decision: 'allowed' });
    expect(one.correlationId).not.toBe(two.correlationId);
    expect(requestHashOf({ b: 1, a: 2 })).toBe(requestHashOf({ a: 2, b: 1 }));
  });

  it.each([
    [{ country: 'th' }, 'filter.country must be an ISO 3166-1 alpha-2 code'],
    [{ action: 'delete' as never }, 'filter.action must be one of query'],
    [{ decision: 'maybe' as never }, 'filter.decision must be one of allowed'],
    [{ correlationId: 'x' }, 'filter.correlationId must be a lower-case UUID'],
    [{ from: new Date('2025-02-01'), to: new Date('2025-01-01') }, 'filter.to must be after filter.from'],
  ])('refuses the filter %j with INPUT_INVALID', (filter, message) => {
    expect(() => checkAuditFilter(filter)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining(message) }));
  });
});
