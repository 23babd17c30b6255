import { DATASET_ID_PATTERN, THEMES, LittoralError, isCode, isSpdxLicence, type BoundingBox, type DatasetCreate, type DatasetUpdate } from '@littoral/contracts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks dataset metadata; throws one DATASET_INVALID error listing every problem. */
export function validateDatasetInput(input: DatasetCreate | (DatasetUpdate & { id?: string; theme?: string }), creating: boolean): void {
  const problems: string[] = [];
  if (creating || input.id !== undefined) {
    if (!input.id || !DATASET_ID_PATTERN.test(input.id)) problems.push(`id "${input.id ?? ''}" must be a slug of 1–64 lowercase letters, digits and hyphens (e.g. th-gulf-surface-2024)`);
  }
  if (creating || input.title !== undefined) {
    if (!input.title || input.title.trim() === '') problems.push('title must not be empty');
    else if (input.title.length > 500) problems.push('title must be at most 500 characters');
  }
  if (creating || input.theme !== undefined) {
    if (!input.theme || !isCode(THEMES, input.theme)) problems.push(`theme "${input.theme ?? ''}" must be one of ${THEMES.join(', ')}`);
  }
  if (creating || input.license !== undefined) {
    if (!input.license || !isSpdxLicence(input.license)) problems.push(`license "${input.license ?? ''}" must be an SPDX licence id such as CC-BY-4.0 or CC0-1.0 (or LicenseRef-<name>)`);
  }
  if (input.contactEmail && !EMAIL.test(input.contactEmail)) problems.push(`contactEmail "${input.contactEmail}" is not an e-mail address`);
  if (input.keywords?.some((k) => k.trim() === '')) problems.push('keywords must not be empty strings');
  if (input.declaredArea) problems.push(...bboxProblems(input.declaredArea));
  if (problems.length) throw new LittoralError('DATASET_INVALID', `Invalid dataset: ${problems.join('; ')}`, { problems });
}

export function bboxProblems(b: BoundingBox): string[] {
  const out: string[] = [];
  for (const [k, v, lim] of [['west', b.west, 180], ['east', b.east, 180], ['south', b.south, 90], ['north', b.north, 90]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > lim) out.push(`declared area ${k} ${v} must be a number between -${lim} and ${lim}`);
  }
  if (out.length === 0 && b.south > b.north) out.push(`declared area south ${b.south} is north of north ${b.north}`);
  return out;
}

/** Parses "west,south,east,north" as written on the command line. */
export function parseBbox(text: string): BoundingBox {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw new LittoralError('DATASET_INVALID', `area "${text}" must be four numbers west,south,east,north in decimal degrees, e.g. 99,5.5,103,13.8`);
  }
  const [west, south, east, north] = parts;
  const box = { west, south, east, north };
  const problems = bboxProblems(box);
  if (problems.length) throw new LittoralError('DATASET_INVALID', problems.join('; '));
  return box;
}
