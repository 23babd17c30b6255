import type { BoundingBox } from '@littoral/contracts';
import {
  LIMITS, checkLanguageMap, checkShape, isCount, isIri, isIsoDate, isIsoDateTime, isObject, isPositiveInt, jsonEqual, nonEmpty,
  unexpectedKeys,
} from './check-helpers.js';
import { isCountryCode, parseDatasetIdentifier } from './identifiers.js';
import type { CatalogueEntry, EntryCheck } from './types.js';
import { CATALOGUE_CONTEXT, EU_ACCESS_RIGHT, EU_THEME_SCHEME, LITTORAL_THEME_SCHEME } from './vocabulary.js';
import { isSaneBoundingBox, wktToBbox } from './wkt.js';

const ENTRY_KEYS: ReadonlySet<string> = new Set([
  '@context', '@id', '@type', 'identifier', 'country', 'datasetId', 'nodeId', 'title', 'description', 'publisher',
  'contactPoint', 'theme', 'keyword', 'license', 'conformsTo', 'spatial', 'temporal', 'recordCount', 'sampleCount',
  'measuredVariable', 'accessRights', 'accessSummary', 'version', 'versionNumber', 'issued', 'modified', 'distribution',
]);
const REQUIRED_KEYS = [
  '@context', '@id', '@type', 'identifier', 'country', 'datasetId', 'nodeId', 'title', 'description', 'publisher', 'theme',
  'license', 'recordCount', 'sampleCount', 'accessRights', 'version', 'versionNumber', 'issued', 'modified', 'distribution',
];
const ACCESS_LEVELS: ReadonlySet<string> = new Set(['METADATA', 'AGGREGATE', 'RECORDS']);
const AUDIENCES: ReadonlySet<string> = new Set(['NETWORK', 'COUNTRIES', 'ORGANISATIONS', 'ROLES']);
const ACCESS_RIGHTS: ReadonlySet<string> = new Set(['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'].map((c) => EU_ACCESS_RIGHT + c));
const ENVI = `${EU_THEME_SCHEME}/ENVI`;
const THEME_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * Hub-side structural validation of a received catalogue entry (after its
 * signature was verified). Checks that every required field is present and
 * typed, that the identifier matches country and dataset id, that the country
 * is the signing member's (`expected.country`), that the version is a positive
 * integer, that the bounding box is sane, and that nothing is oversized. Every
 * problem names its field.
 */
export function checkCatalogueEntry(obj: unknown, expected: { country: string }): EntryCheck {
  if (!isObject(obj)) return { ok: false, problems: ['entry: expected a JSON object'] };
  const shape = checkShape(obj, 'entry');
  if (shape.length > 0) return { ok: false, problems: shape };

  const problems: string[] = [...unexpectedKeys(obj, ENTRY_KEYS, '')];
  for (const k of REQUIRED_KEYS) if (obj[k] === undefined) problems.push(`${k}: required`);
  const present = (k: string) => obj[k] !== undefined;
  const add = (p: string | undefined) => {
    if (p) problems.push(p);
  };

  if (present('@context') && !jsonEqual(obj['@context'], CATALOGUE_CONTEXT)) {
    problems.push('@context: expected the embedded Littoral catalogue context (CATALOGUE_CONTEXT), unchanged');
  }
  if (present('@type') && obj['@type'] !== 'Dataset') problems.push('@type: expected "Dataset"');

  // Identity: identifier, @id, country and dataset id must agree with each other and with the signer.
  const parsed = typeof obj.identifier === 'string' ? parseDatasetIdentifier(obj.identifier) : undefined;
  if (present('identifier') && !parsed) problems.push('identifier: expected urn:littoral:dataset:<country>:<dataset id>');
  if (present('@id') && obj['@id'] !== obj.identifier) problems.push('@id: expected to equal identifier');
  if (present('country')) {
    if (!isCountryCode(obj.country)) problems.push('country: expected an ISO 3166-1 alpha-2 code');
    else if (obj.country !== expected.country) problems.push(`country: "${obj.country}" is not the signing member's country "${expected.country}"`);
  }
  if (parsed && parsed.country !== expected.country) {
    problems.push(`identifier: country "${parsed.country}" is not the signing member's country "${expected.country}"`);
  }
  if (present('datasetId')) {
    if (typeof obj.datasetId !== 'string') problems.push('datasetId: expected a string');
    else if (parsed && parsed.datasetId !== obj.datasetId) problems.push('datasetId: does not match the identifier');
  }
  if (present('nodeId') && !nonEmpty(obj.nodeId, 200)) problems.push('nodeId: expected a non-empty string of at most 200 characters');

  if (present('title')) add(checkLanguageMap(obj.title, 'title', LIMITS.title));
  if (present('description')) add(checkLanguageMap(obj.description, 'description', LIMITS.description));
  if (present('publisher')) problems.push(...checkPublisher(obj.publisher, obj.country));
  if (present('contactPoint')) problems.push(...checkContact(obj.contactPoint));
  const themes = present('theme') ? checkThemes(obj.theme, problems) : [];
  if (present('keyword')) problems.push(...checkStrings(obj.keyword, 'keyword', LIMITS.keywords, LIMITS.keyword));
  if (present('license')) add(checkLicence(obj.license, 'license'));
  if (present('conformsTo')) problems.push(...checkConformsTo(obj.conformsTo));
  const bbox = present('spatial') ? checkSpatial(obj.spatial, problems) : null;
  const temporal = present('temporal') ? checkTemporal(obj.temporal, problems) : null;
  for (const k of ['recordCount', 'sampleCount']) {
    if (present(k) && !isCount(obj[k])) problems.push(`${k}: expected a non-negative integer`);
  }
  if (present('measuredVariable')) {
    problems.push(...checkStrings(obj.measuredVariable, 'measuredVariable', LIMITS.measuredVariables, LIMITS.keyword));
  }
  if (present('accessRights')) {
    const r = obj.accessRights;
    if (!isObject(r) || !ACCESS_RIGHTS.has(r['@id'] as string) || r['@type'] !== 'RightsStatement' || Object.keys(r).length !== 2) {
      problems.push('accessRights: expected {"@id": an EU access-right (PUBLIC, RESTRICTED, NON_PUBLIC), "@type": "RightsStatement"}');
    }
  }
  if (present('accessSummary')) problems.push(...checkAccessSummary(obj.accessSummary));
  if (present('versionNumber') && !isPositiveInt(obj.versionNumber)) problems.push('versionNumber: expected a positive integer');
  if (present('version') && (typeof obj.version !== 'string' || obj.version !== String(obj.versionNumber))) {
    problems.push('version: expected the text of versionNumber');
  }
  for (const k of ['issued', 'modified']) {
    if (present(k) && !isIsoDateTime(obj[k])) problems.push(`${k}: expected an ISO 8601 date-time with time zone`);
  }
  if (present('distribution')) problems.push(...checkDistributions(obj.distribution));

  if (problems.length > 0 || !parsed) return { ok: false, problems: problems.length > 0 ? problems : ['identifier: required'] };
  return {
    ok: true,
    entry: obj as CatalogueEntry,
    identifier: obj.identifier as string,
    country: parsed.country,
    datasetId: parsed.datasetId,
    version: obj.versionNumber as number,
    title: (obj.title as Record<string, string>).en,
    themes,
    bbox,
    temporal,
  };
}

function checkPublisher(v: unknown, country: unknown): string[] {
  if (!isObject(v)) return ['publisher: expected an Agent object with a name'];
  const problems = unexpectedKeys(v, new Set(['@type', 'name', 'country']), 'publisher.');
  if (v['@type'] !== 'Agent') problems.push('publisher.@type: expected "Agent"');
  if (!nonEmpty(v.name, LIMITS.name)) problems.push(`publisher.name: expected a non-empty text of at most ${LIMITS.name} characters`);
  if (v.country !== undefined && v.country !== country) problems.push('publisher.country: expected the entry\'s country');
  return problems;
}

function checkContact(v: unknown): string[] {
  if (!isObject(v)) return ['contactPoint: expected a Kind object'];
  const problems = unexpectedKeys(v, new Set(['@type', 'fn', 'hasEmail']), 'contactPoint.');
  if (v['@type'] !== 'Kind') problems.push('contactPoint.@type: expected "Kind"');
  if (v.fn === undefined && v.hasEmail === undefined) problems.push('contactPoint: expected fn or hasEmail');
  if (v.fn !== undefined && !nonEmpty(v.fn, LIMITS.name)) problems.push('contactPoint.fn: expected a non-empty text');
  if (v.hasEmail !== undefined && !(isIri(v.hasEmail) && v.hasEmail.startsWith('mailto:'))) {
    problems.push('contactPoint.hasEmail: expected a mailto: IRI');
  }
  return problems;
}

function checkThemes(v: unknown, problems: string[]): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.themes) {
    problems.push(`theme: expected 1 to ${LIMITS.themes} theme concepts`);
    return [];
  }
  const iris: string[] = [];
  v.forEach((c, i) => {
    const f = `theme[${i}]`;
    if (!isObject(c)) return void problems.push(`${f}: expected a Concept object`);
    problems.push(...unexpectedKeys(c, new Set(['@id', '@type', 'prefLabel', 'inScheme', 'notation', 'broader']), `${f}.`));
    const scheme = c.inScheme;
    if (scheme !== EU_THEME_SCHEME && scheme !== LITTORAL_THEME_SCHEME) {
      problems.push(`${f}.inScheme: expected the EU data-theme or the Littoral theme scheme`);
    } else if (typeof c['@id'] !== 'string' || !c['@id'].startsWith(`${scheme}/`) || !THEME_CODE.test(c['@id'].slice(scheme.length + 1))) {
      problems.push(`${f}.@id: expected a concept of its scheme (<scheme>/<CODE>)`);
    } else if (iris.includes(c['@id'])) {
      problems.push(`${f}.@id: repeated`);
    } else {
      iris.push(c['@id']);
    }
    if (c['@type'] !== 'Concept') problems.push(`${f}.@type: expected "Concept"`);
    const label = checkLanguageMap(c.prefLabel, `${f}.prefLabel`, LIMITS.name);
    if (label) problems.push(label);
    if (c.notation !== undefined && !nonEmpty(c.notation, 40)) problems.push(`${f}.notation: expected a short code`);
    if (c.broader !== undefined && !(typeof c.broader === 'string' && c.broader.startsWith(`${LITTORAL_THEME_SCHEME}/`))) {
      problems.push(`${f}.broader: expected a Littoral theme concept`);
    }
  });
  if (!iris.includes(ENVI)) problems.push('theme: expected the EU data theme ENVI');
  return iris;
}

function checkStrings(v: unknown, field: string, maxItems: number, maxLength: number): string[] {
  if (!Array.isArray(v) || v.length > maxItems) return [`${field}: expected a list of at most ${maxItems} texts`];
  const bad = v.findIndex((s) => !nonEmpty(s, maxLength));
  return bad >= 0 ? [`${field}[${bad}]: expected a non-empty text of at most ${maxLength} characters`] : [];
}

function checkLicence(v: unknown, field: string): string | undefined {
  if (!isObject(v) || !isIri(v['@id']) || v['@type'] !== 'LicenseDocument' || Object.keys(v).length !== 2) {
    return `${field}: expected {"@id": licence IRI, "@type": "LicenseDocument"}`;
  }
  return undefined;
}

function checkConformsTo(v: unknown): string[] {
  if (!Array.isArray(v) || v.length > LIMITS.conformsTo) return [`conformsTo: expected a list of at most ${LIMITS.conformsTo} standards`];
  const problems: string[] = [];
  v.forEach((s, i) => {
    const f = `conformsTo[${i}]`;
    if (!isObject(s) || s['@type'] !== 'Standard') return void problems.push(`${f}: expected a Standard object`);
    problems.push(...unexpectedKeys(s, new Set(['@id', '@type', 'title']), `${f}.`));
    if (s['@id'] === undefined && s.title === undefined) problems.push(`${f}: expected an @id or a title`);
    if (s['@id'] !== undefined && !isIri(s['@id'])) problems.push(`${f}.@id: expected an absolute IRI`);
    if (s.title !== undefined) {
      const t = checkLanguageMap(s.title, `${f}.title`, LIMITS.name);
      if (t) problems.push(t);
    }
  });
  return problems;
}

function checkSpatial(v: unknown, problems: string[]): BoundingBox | null {
  if (!isObject(v) || v['@type'] !== 'Location' || typeof v.bbox !== 'string' || Object.keys(v).length !== 2) {
    problems.push('spatial: expected {"@type": "Location", "bbox": WKT}');
    return null;
  }
  const box = wktToBbox(v.bbox);
  if (!box) {
    problems.push('spatial.bbox: expected a WKT POLYGON (or antimeridian MULTIPOLYGON) rectangle in longitude latitude order');
    return null;
  }
  if (!isSaneBoundingBox(box)) {
    problems.push('spatial.bbox: expected longitudes within -180..180, latitudes within -90..90 and south ≤ north');
    return null;
  }
  return box;
}

function checkTemporal(v: unknown, problems: string[]): { start: string; end: string } | null {
  if (!isObject(v) || v['@type'] !== 'PeriodOfTime') {
    problems.push('temporal: expected {"@type": "PeriodOfTime", "startDate", "endDate"}');
    return null;
  }
  const before = problems.length;
  problems.push(...unexpectedKeys(v, new Set(['@type', 'startDate', 'endDate']), 'temporal.'));
  if (!isIsoDate(v.startDate)) problems.push('temporal.startDate: expected a date YYYY-MM-DD');
  if (!isIsoDate(v.endDate)) problems.push('temporal.endDate: expected a date YYYY-MM-DD');
  if (problems.length > before) return null;
  const start = v.startDate as string;
  const end = v.endDate as string;
  if (start > end) {
    problems.push('temporal: startDate is after endDate');
    return null;
  }
  return { start, end };
}

function checkAccessSummary(v: unknown): string[] {
  if (!Array.isArray(v) || v.length > LIMITS.accessItems) return [`accessSummary: expected a list of at most ${LIMITS.accessItems} items`];
  const problems: string[] = [];
  const seen = new Set<string>();
  v.forEach((item, i) => {
    const f = `accessSummary[${i}]`;
    if (
      !isObject(item) || item['@type'] !== 'AccessSummaryItem' || Object.keys(item).length !== 3 ||
      !ACCESS_LEVELS.has(item.accessLevel as string) || !AUDIENCES.has(item.audience as string)
    ) {
      return void problems.push(`${f}: expected {"@type": "AccessSummaryItem", "accessLevel": METADATA|AGGREGATE|RECORDS, "audience": NETWORK|COUNTRIES|ORGANISATIONS|ROLES}`);
    }
    const key = `${item.accessLevel}/${item.audience}`;
    if (seen.has(key)) problems.push(`${f}: repeated`);
    seen.add(key);
  });
  return problems;
}

function checkDistributions(v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.distributions) {
    return [`distribution: expected 1 to ${LIMITS.distributions} distributions`];
  }
  const problems: string[] = [];
  v.forEach((d, i) => {
    const f = `distribution[${i}]`;
    if (!isObject(d)) return void problems.push(`${f}: expected a Distribution object`);
    problems.push(...unexpectedKeys(d, new Set(['@type', 'title', 'description', 'accessURL', 'license']), `${f}.`));
    if (d['@type'] !== 'Distribution') problems.push(`${f}.@type: expected "Distribution"`);
    if (!isIri(d.accessURL)) problems.push(`${f}.accessURL: expected an absolute IRI`);
    if (d.license !== undefined) {
      const l = checkLicence(d.license, `${f}.license`);
      if (l) problems.push(l);
    }
    for (const k of ['title', 'description'] as const) {
      if (d[k] === undefined) continue;
      const t = checkLanguageMap(d[k], `${f}.${k}`, LIMITS.description);
      if (t) problems.push(t);
    }
  });
  return problems;
}
