import { formatGraphqlError } from '@littoral/graphql';
import { forbidden, unauthenticated } from './auth.errors.js';
import { authorise } from './graphql-auth.guard.js';
import type { Requester } from './roles.js';

const analyst: Requester = { subject: 's', roles: ['analyst'], country: 'TH', organisation: null };

describe('authorise', () => {
  it('allows a holder of one of the roles, and anyone on a public operation', () => {
    expect(() => authorise('sites', { kind: 'roles', roles: ['admin', 'analyst'] }, analyst)).not.toThrow();
    expect(() => authorise('nodeInfo', { kind: 'public' }, { ...analyst, roles: [] })).not.toThrow();
  });

  it('refuses with FORBIDDEN naming the needed roles', () => {
    expect(() => authorise('createDataset', { kind: 'roles', roles: ['admin', 'operator'] }, analyst)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'createDataset needs one of the roles admin, operator; the token grants analyst' }),
    );
  });

  it('refuses an operation that declares nothing, whoever asks (deny by default)', () => {
    const everyone: Requester = { ...analyst, roles: ['admin', 'operator', 'auditor', 'analyst'] };
    expect(() => authorise('forgotten', { kind: 'none' }, everyone)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'forgotten declares no roles, so it is refused to everyone' }),
    );
  });
});

describe('formatGraphqlError for authentication errors', () => {
  it.each([
    [unauthenticated('TOKEN_EXPIRED', 'The token has expired'), { code: 'UNAUTHENTICATED', details: { reason: 'TOKEN_EXPIRED' } }],
    [forbidden('sites', ['admin'], []), { code: 'FORBIDDEN', details: { operation: 'sites', requiredRoles: ['admin'] } }],
  ])('keeps %s as its own code, never INTERNAL', (error, extensions) => {
    const formatted = formatGraphqlError({ message: 'x', path: ['sites'] }, { originalError: error });
    expect(formatted).toEqual({ message: error.message, path: ['sites'], extensions });
  });
});
