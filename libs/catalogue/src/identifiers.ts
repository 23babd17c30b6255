import { DATASET_ID_PATTERN, ISO_ALPHA2, LittoralError } from '@littoral/contracts';

const PREFIX = 'urn:littoral:dataset:';
const IDENTIFIER = /^urn:littoral:dataset:([A-Z]{2}):([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)$/;

/** Is `code` an assigned ISO 3166-1 alpha-2 code (upper case)? */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) && ISO_ALPHA2.has(code);
}

/**
 * Stable, location-independent identifier of a dataset in the network:
 * `urn:littoral:dataset:<ISO alpha-2>:<dataset id>`, e.g.
 * `urn:littoral:dataset:TH:th-gulf`. It does not change when the node or the
 * hub moves, and it is the entry's `@id` and `dct:identifier`.
 */
export function datasetIdentifier(country: string, datasetId: string): string {
  if (!isCountryCode(country)) {
    throw new LittoralError('CATALOGUE_ENTRY_INVALID', `country must be an ISO 3166-1 alpha-2 code such as "TH", got "${country}"`);
  }
  if (!DATASET_ID_PATTERN.test(datasetId)) {
    throw new LittoralError('CATALOGUE_ENTRY_INVALID', `dataset id must be lower-case letters, digits and hyphens (1–64), got "${datasetId}"`);
  }
  return `${PREFIX}${country}:${datasetId}`;
}

/** Splits a dataset identifier into country and dataset id; undefined when it is not one. */
export function parseDatasetIdentifier(identifier: string): { country: string; datasetId: string } | undefined {
  const m = IDENTIFIER.exec(identifier);
  if (!m || !ISO_ALPHA2.has(m[1])) return undefined;
  return { country: m[1], datasetId: m[2] };
}
