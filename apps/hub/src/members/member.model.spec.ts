import { keyState } from './member.model';

describe('keyState', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  const at = (iso: string) => new Date(iso);
  const key = { validFrom: null, validUntil: null, revokedAt: null, compromisedAt: null };

  it.each([
    [{}, 'ACTIVE'],
    [{ validFrom: at('2025-07-01T00:00:00Z') }, 'NOT_YET_VALID'],
    [{ validUntil: at('2025-05-01T00:00:00Z') }, 'EXPIRED'],
    [{ revokedAt: at('2025-06-01T00:00:00Z') }, 'REVOKED'],
    [{ revokedAt: at('2025-06-02T00:00:00Z') }, 'ACTIVE'],
    [{ revokedAt: at('2025-01-01T00:00:00Z'), compromisedAt: at('2025-02-01T00:00:00Z') }, 'COMPROMISED'],
    [{ compromisedAt: at('2025-07-01T00:00:00Z'), validUntil: at('2025-05-01T00:00:00Z') }, 'EXPIRED'],
  ])('%j → %s', (fields, state) => {
    expect(keyState({ ...key, ...fields }, now)).toBe(state);
  });
});
