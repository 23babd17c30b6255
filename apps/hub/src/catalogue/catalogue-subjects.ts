import { ISO_ALPHA2 } from '@littoral/contracts';

/** What a catalogue-stream subject says a message is. */
export type ParsedSubject =
  | { kind: 'entry'; country: string; datasetId: string }
  | { kind: 'keys'; country: string };

const DATASET_ID = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Parses `<prefix>.catalog.<CC>.<dataset>` and `<prefix>.keys.<CC>`; null for
 * anything else (a subject outside the layout, a lower-case or unassigned
 * country code, a dataset id that is not a slug).
 */
export function parseCatalogueSubject(prefix: string, subject: string): ParsedSubject | null {
  if (!subject.startsWith(`${prefix}.`)) return null;
  const tokens = subject.slice(prefix.length + 1).split('.');
  const country = tokens[1];
  if (country === undefined || !/^[A-Z]{2}$/.test(country) || !ISO_ALPHA2.has(country)) return null;
  if (tokens[0] === 'catalog' && tokens.length === 3 && DATASET_ID.test(tokens[2])) return { kind: 'entry', country, datasetId: tokens[2] };
  if (tokens[0] === 'keys' && tokens.length === 2) return { kind: 'keys', country };
  return null;
}

/** The country token of a subject, whatever its shape (for recording who a refused message claimed to be). */
export function claimedCountry(prefix: string, subject: string): string | null {
  const token = subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1).split('.')[1] : undefined;
  return token && /^[A-Za-z]{2}$/.test(token) ? token.toUpperCase() : null;
}
