import { formatNumber, hasMessage, t, type MessageKey } from '../i18n/i18n.js';
import { ApiError } from './api-error.js';

// Every error the console shows is said in plain words, chosen by its stable
// code (and, for sign-in problems, its reason). The server's own message is
// added only where it names what to fix (problems lists, version conflicts).

/** The message key for an error code and reason: errors.<CODE>.<REASON>, else errors.<CODE>, else errors.UNKNOWN. */
export function errorKey(code: string, reason: string | null): MessageKey {
  const specific = `errors.${code}.${reason ?? ''}`;
  if (reason && hasMessage(specific)) return specific;
  const general = `errors.${code}`;
  return hasMessage(general) ? general : 'errors.UNKNOWN';
}

/** One plain-language sentence (and the problems listed, if any) for anything thrown. */
export function describeError(err: unknown): { message: string; problems: string[] } {
  if (!(err instanceof ApiError)) return { message: t('errors.UNKNOWN'), problems: [] };
  const d = err.details;
  const message = t(errorKey(err.code, err.reason), {
    code: err.code,
    currentVersion: typeof d.currentVersion === 'number' ? d.currentVersion : '?',
    expectedVersion: typeof d.expectedVersion === 'number' ? d.expectedVersion : '?',
    roles: Array.isArray(d.requiredRoles) ? d.requiredRoles.join(', ') : '?',
    argument: typeof d.argument === 'string' ? d.argument : '?',
    limit: typeof d.limit === 'number' ? formatNumber(d.limit) : '?',
  });
  const problems = err.problems.map((p) => (p.path ? `${p.index !== undefined ? `[${p.index}] ` : ''}${p.path}: ${p.message}` : p.message));
  return { message, problems };
}
