import { LittoralError } from '@littoral/contracts';
import { checkShape, isIsoDateTime, isObject, isPositiveInt, jsonEqual, unexpectedKeys } from './check-helpers.js';
import { datasetIdentifier, isCountryCode, parseDatasetIdentifier } from './identifiers.js';
import type { Tombstone, TombstoneCheck } from './types.js';
import { TOMBSTONE_CONTEXT } from './vocabulary.js';

const KEYS: ReadonlySet<string> = new Set(['@context', '@type', 'identifier', 'country', 'datasetId', 'version', 'withdrawn']);

/**
 * Notice that a dataset was withdrawn. It carries the next version number of
 * the dataset, so it supersedes every entry published before it and a replayed
 * older entry cannot bring the dataset back.
 */
export function buildTombstone(input: { country: string; datasetId: string; version: number; withdrawnAt: Date }): Tombstone {
  const identifier = datasetIdentifier(input.country, input.datasetId);
  if (!isPositiveInt(input.version)) throw new LittoralError('CATALOGUE_ENTRY_INVALID', 'version: expected a positive integer');
  if (!(input.withdrawnAt instanceof Date) || Number.isNaN(input.withdrawnAt.getTime())) {
    throw new LittoralError('CATALOGUE_ENTRY_INVALID', 'withdrawnAt: expected a valid date');
  }
  return {
    '@context': TOMBSTONE_CONTEXT,
    '@type': 'Tombstone',
    identifier,
    country: input.country,
    datasetId: input.datasetId,
    version: input.version,
    withdrawn: input.withdrawnAt.toISOString(),
  };
}

/** Hub-side structural check of a received tombstone; `expected.country` is the signing member's. */
export function checkTombstone(obj: unknown, expected: { country: string }): TombstoneCheck {
  if (!isObject(obj)) return { ok: false, problems: ['tombstone: expected a JSON object'] };
  const shape = checkShape(obj, 'tombstone');
  if (shape.length > 0) return { ok: false, problems: shape };
  const problems = unexpectedKeys(obj, KEYS, '');
  for (const k of KEYS) if (obj[k] === undefined) problems.push(`${k}: required`);

  if (obj['@context'] !== undefined && !jsonEqual(obj['@context'], TOMBSTONE_CONTEXT)) {
    problems.push('@context: expected the embedded Littoral tombstone context (TOMBSTONE_CONTEXT), unchanged');
  }
  if (obj['@type'] !== undefined && obj['@type'] !== 'Tombstone') problems.push('@type: expected "Tombstone"');
  const parsed = typeof obj.identifier === 'string' ? parseDatasetIdentifier(obj.identifier) : undefined;
  if (obj.identifier !== undefined && !parsed) problems.push('identifier: expected urn:littoral:dataset:<country>:<dataset id>');
  if (parsed && parsed.country !== expected.country) {
    problems.push(`identifier: country "${parsed.country}" is not the signing member's country "${expected.country}"`);
  }
  if (obj.country !== undefined) {
    if (!isCountryCode(obj.country)) problems.push('country: expected an ISO 3166-1 alpha-2 code');
    else if (obj.country !== expected.country) problems.push(`country: "${obj.country}" is not the signing member's country "${expected.country}"`);
  }
  if (obj.datasetId !== undefined && (typeof obj.datasetId !== 'string' || (parsed && parsed.datasetId !== obj.datasetId))) {
    problems.push('datasetId: does not match the identifier');
  }
  if (obj.version !== undefined && !isPositiveInt(obj.version)) problems.push('version: expected a positive integer');
  if (obj.withdrawn !== undefined && !isIsoDateTime(obj.withdrawn)) problems.push('withdrawn: expected an ISO 8601 date-time with time zone');

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, tombstone: obj as unknown as Tombstone };
}
