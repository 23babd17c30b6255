import en from '../i18n/messages/en.json';
import { ApiError, fromGraphqlErrors } from './api-error';
import { describeError, errorKey } from './error-messages';

describe('errors in words, by stable code', () => {
  it.each([
    ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'errors.UNAUTHENTICATED.TOKEN_EXPIRED'],
    ['UNAUTHENTICATED', 'SOMETHING_NEW', 'errors.UNAUTHENTICATED'],
    ['UNAUTHENTICATED', null, 'errors.UNAUTHENTICATED'],
    ['FORBIDDEN', null, 'errors.FORBIDDEN'],
    ['INPUT_INVALID', 'QUERY_TOO_COSTLY', 'errors.INPUT_INVALID.QUERY_TOO_COSTLY'],
    ['GRANT_VERSION_CONFLICT', null, 'errors.GRANT_VERSION_CONFLICT'],
    ['NO_SUCH_CODE', null, 'errors.UNKNOWN'],
  ])('%s / %s → %s', (code, reason, key) => {
    expect(errorKey(code, reason)).toBe(key);
  });

  it('fills the details the message needs and lists the problems', () => {
    const conflict = fromGraphqlErrors([{ message: 'x', extensions: { code: 'GRANT_VERSION_CONFLICT', details: { grantId: 'g', expectedVersion: 1, currentVersion: 3 } } }]);
    expect(describeError(conflict).message).toContain('it is now at version 3, you started from version 1');
    const forbidden = new ApiError('FORBIDDEN', 'x', null, { requiredRoles: ['admin'] });
    expect(describeError(forbidden).message).toBe('Your role does not allow this. It needs: admin.');
    const invalid = new ApiError('GRANT_INVALID', 'x', null, { problems: [{ path: 'validUntil', message: 'expected a date' }, { index: 1, path: 'level', message: 'expected METADATA…' }] });
    expect(describeError(invalid)).toEqual({ message: en['errors.GRANT_INVALID'], problems: ['validUntil: expected a date', '[1] level: expected METADATA…'] });
  });

  it('says how large an export may be', () => {
    expect(describeError(new ApiError('AUDIT_EXPORT_TOO_LARGE', 'x', null, { limit: 100000 })).message).toBe('This period holds more than 100,000 entries, the most one export may hold. Export shorter periods one after the other.');
  });

  it('never shows a raw exception', () => {
    expect(describeError(new Error('TypeError: x is undefined at …')).message).toBe(en['errors.UNKNOWN']);
  });

  it('has a message for every code a GraphQL API of the network can send', () => {
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'INPUT_INVALID', 'INTERNAL', 'GRANT_INVALID', 'GRANT_NOT_FOUND', 'GRANT_VERSION_CONFLICT', 'GRANT_REVOKED', 'DATASET_NOT_FOUND', 'MEMBER_UNKNOWN', 'AUDIT_EXPORT_NO_KEY', 'AUDIT_EXPORT_TOO_LARGE']) {
      expect(errorKey(code, null)).toBe(`errors.${code}`);
    }
  });
});

describe('plural messages', () => {
  it('uses the language\'s plural rules where the message file has them', async () => {
    const { tn } = await import('../i18n/i18n');
    expect(tn('catalogue.found', 1)).toBe('1 dataset found');
    expect(tn('catalogue.found', 3)).toBe('3 datasets found');
    expect(tn('results.rows', 0)).toBe('0 groups');
  });
});
