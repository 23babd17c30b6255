import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { LittoralError } from '@littoral/contracts';
import type { Audience, Grant } from '@littoral/policy';
import type { NodeApp } from '../apps.js';
import { withNodeDatabase } from '../database.js';
import { formatTable, printJson, println, splitList, type Io } from '../output.js';

type GrantVersion = Awaited<ReturnType<InstanceType<NodeApp['GrantsService']>['history']>>[number];
type CurrentGrant = Awaited<ReturnType<InstanceType<NodeApp['GrantsService']>['list']>>[number];

const LEVELS = ['METADATA', 'AGGREGATE', 'RECORDS'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIENCE_FORMS = 'network | countries:JP,TH | orgs:vn-vasi,vn-imer[@VN] | roles:analyst[@TH]';
const PUBLISH_NOTE = 'The running node signs and publishes the dataset\'s new catalogue entry within seconds (or at its next start).';

interface AddOptions {
  file?: string;
  audience?: Audience;
  level?: string;
  k?: string;
  precision?: string;
  sensitivePrecision?: string;
  redact?: string;
  purposes?: string;
  embargoDays?: string;
  validFrom?: string;
  validUntil?: string;
  reason: string;
  json?: boolean;
}

/** `--audience` text → the policy's audience shape. Country codes are passed as typed: the grant check names a wrong one. */
export function parseAudienceOption(text: string): Audience {
  const [kind, rest = ''] = splitOnce(text.trim(), ':');
  const [names, countries] = splitOnce(rest, '@');
  const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const where = countries === undefined ? {} : { countries: list(countries) };
  switch (kind.toLowerCase()) {
    case 'network':
      if (rest !== '') break;
      return { kind: 'NETWORK' };
    case 'countries':
      if (countries !== undefined || list(names).length === 0) break;
      return { kind: 'COUNTRIES', countries: list(names) };
    case 'orgs':
    case 'organisations':
      if (list(names).length === 0) break;
      return { kind: 'ORGANISATIONS', organisations: list(names), ...where };
    case 'roles':
      if (list(names).length === 0) break;
      return { kind: 'ROLES', roles: list(names), ...where };
  }
  throw new InvalidArgumentError(`expected ${AUDIENCE_FORMS}`);
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

/** A number when the text is one; otherwise the text itself, so the grant check reports the field and what it expects. */
function numberOrText(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** The grant draft from `grants add` flags (validated by the node's grants service). */
export function draftFromOptions(datasetId: string, o: AddOptions): Record<string, unknown> {
  const constraints = Object.fromEntries(
    Object.entries({
      minGroupSize: numberOrText(o.k),
      spatialPrecisionDeg: numberOrText(o.precision),
      sensitiveSpeciesPrecisionDeg: numberOrText(o.sensitivePrecision),
      redactedFields: splitList(o.redact),
      allowedPurposes: splitList(o.purposes),
      embargoDays: numberOrText(o.embargoDays),
    }).filter(([, v]) => v !== undefined),
  );
  return {
    datasetId,
    audience: o.audience,
    level: o.level,
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
    ...(o.validFrom !== undefined ? { validFrom: o.validFrom } : {}),
    ...(o.validUntil !== undefined ? { validUntil: o.validUntil } : {}),
  };
}

/** "countries JP, TH" — who a grant is for, in words. */
export function describeAudience(a: Audience): string {
  const inCountries = 'countries' in a && a.kind !== 'COUNTRIES' && a.countries ? ` in ${a.countries.join(', ')}` : '';
  switch (a.kind) {
    case 'NETWORK':
      return 'the whole network';
    case 'COUNTRIES':
      return `countries ${a.countries.join(', ')}`;
    case 'ORGANISATIONS':
      return `organisations ${a.organisations.join(', ')}${inCountries}`;
    case 'ROLES':
      return `roles ${a.roles.join(', ')}${a.organisations ? ` of ${a.organisations.join(', ')}` : ''}${inCountries}`;
  }
}

/** "k=5, 0.1°, redacted a, b" — a grant's constraints, or "no constraints". */
export function describeConstraints(g: Grant): string {
  const c = g.constraints;
  const parts = [
    c.minGroupSize !== undefined && `k=${c.minGroupSize}`,
    c.spatialPrecisionDeg !== undefined && `${c.spatialPrecisionDeg}°`,
    c.sensitiveSpeciesPrecisionDeg !== undefined && `sensitive species ${c.sensitiveSpeciesPrecisionDeg}°`,
    c.redactedFields && `redacted ${c.redactedFields.join(', ')}`,
    c.allowedPurposes && `purposes ${c.allowedPurposes.join(', ')}`,
    c.embargoDays !== undefined && `embargo ${c.embargoDays} days`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join(', ') : 'no constraints';
}

function describeValidity(g: Grant): string {
  if (g.revokedAt) return `revoked ${g.revokedAt}`;
  if (g.validFrom && g.validUntil) return `${g.validFrom} to ${g.validUntil}`;
  if (g.validFrom) return `from ${g.validFrom}`;
  if (g.validUntil) return `until ${g.validUntil}`;
  return 'always';
}

const oneLine = (g: Grant): string => `${g.level} for ${describeAudience(g.audience)} (${describeConstraints(g)}; ${describeValidity(g)})`;

async function readGrantsFile(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LittoralError('INPUT_INVALID', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { argument: '--file' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new LittoralError('INPUT_INVALID', `${file} is not valid JSON: ${(e as Error).message}`, { argument: '--file' });
  }
  if (!Array.isArray(parsed)) {
    throw new LittoralError('INPUT_INVALID', `${file} must hold a JSON array of grants, e.g. [{"datasetId": "…", "audience": {"kind": "NETWORK"}, "level": "METADATA"}]`, { argument: '--file' });
  }
  return parsed;
}

function printHistory(io: Io, versions: readonly GrantVersion[]): void {
  for (const v of versions) {
    const who = [v.changedBy.subject, v.changedBy.country, v.changedBy.organisation].filter(Boolean).join(' / ');
    println(io.out, `#${v.seq}  ${v.changedAt.toISOString()}  ${v.action} grant ${v.grantId} version ${v.version} on ${v.datasetId}`);
    println(io.out, `    by ${who}: ${v.reason}`);
    if (v.before) println(io.out, `    before: ${oneLine(v.before)}`);
    println(io.out, `    after:  ${oneLine(v.grant)}`);
  }
}

/** `littoral grants list | add | revoke | history | explain`: sharing grants of this node's datasets. */
export function registerGrants(program: Command, io: Io): void {
  const grants = program
    .command('grants')
    .description('list, add, revoke and explain the sharing grants of this node\'s datasets (every change is versioned with who, when and why)');

  grants
    .command('list')
    .description('the grants of a dataset (latest version of each)')
    .argument('<dataset>', 'dataset id')
    .option('--all', 'include revoked grants')
    .option('--json', 'print JSON instead of a table')
    .action(async (datasetId: string, opts: { all?: boolean; json?: boolean }) => {
      const { list, policyVersion } = await withNodeDatabase(io, async (db, node) => {
        const service = node.openGrantsForCli(db, io.env);
        return { list: await service.list(datasetId, { includeRevoked: opts.all }), policyVersion: await service.policyVersion(datasetId) };
      });
      if (opts.json) return printJson(io.out, { datasetId, policyVersion, grants: list });
      if (list.length === 0) {
        println(io.out, opts.all ? `Dataset ${datasetId} has no grants: nobody else may see it (deny by default).` : `Dataset ${datasetId} has no grants in force or scheduled: nobody else may see it (deny by default). --all shows revoked ones.`);
        println(io.out, `Policy version ${policyVersion}.`);
        return;
      }
      const rows = list.map((g: CurrentGrant) => [g.grantId, String(g.version), g.status, g.grant.level, describeAudience(g.grant.audience), describeConstraints(g.grant), describeValidity(g.grant)]);
      for (const line of formatTable([['GRANT', 'VERSION', 'STATUS', 'LEVEL', 'AUDIENCE', 'CONSTRAINTS', 'VALID'], ...rows])) println(io.out, line);
      println(io.out, `Policy version ${policyVersion}.`);
    });

  grants
    .command('add')
    .description('grant an audience one access level on a dataset (or several grants from a JSON file, all or nothing)')
    .argument('[dataset]', 'dataset id (not with --file)')
    .option('--file <grants.json>', 'a JSON array of grants, each with datasetId, audience, level and optional constraints, validFrom, validUntil')
    .addOption(new Option('--audience <who>', `who the grant is for: ${AUDIENCE_FORMS}`).argParser(parseAudienceOption))
    .addOption(new Option('--level <level>', 'access level').choices(LEVELS))
    .option('--k <n>', 'minimum group size: aggregate groups of fewer records are suppressed')
    .option('--precision <deg>', 'grid size in degrees positions are snapped to, e.g. 0.1')
    .option('--sensitive-precision <deg>', 'grid for sensitive species (default 0.1°, never finer than --precision)')
    .option('--redact <fields>', 'comma-separated fields never returned nor usable in filters, groupings or sorting')
    .option('--purposes <list>', 'comma-separated purposes of use allowed (default: any)')
    .option('--embargo-days <n>', 'withhold records newer than this many days')
    .option('--valid-from <time>', 'ISO 8601 date or date-time with zone; the grant applies from then')
    .option('--valid-until <time>', 'ISO 8601 date or date-time with zone; the grant stops applying then')
    .requiredOption('--reason <text>', 'why (required; kept in the grant\'s history)')
    .option('--json', 'print JSON instead of text')
    .action(async (datasetId: string | undefined, opts: AddOptions, cmd: Command) => {
      if (opts.file !== undefined) {
        const flags = ['audience', 'level', 'k', 'precision', 'sensitivePrecision', 'redact', 'purposes', 'embargoDays', 'validFrom', 'validUntil'] as const;
        if (datasetId !== undefined || flags.some((f) => opts[f] !== undefined)) {
          cmd.error('error: --file takes the whole grants from the file; give no dataset and no grant options with it', { exitCode: 2 });
        }
      } else {
        if (datasetId === undefined) cmd.error('error: give the dataset id (or --file grants.json)', { exitCode: 2 });
        if (opts.audience === undefined) cmd.error(`error: required option '--audience <who>' not specified (${AUDIENCE_FORMS})`, { exitCode: 2 });
        if (opts.level === undefined) cmd.error(`error: required option '--level <level>' not specified (${LEVELS.join(', ')})`, { exitCode: 2 });
      }
      const drafts = opts.file !== undefined ? await readGrantsFile(opts.file) : [draftFromOptions(datasetId!, opts)];
      const created = await withNodeDatabase(io, async (db, node) => {
        const service = node.openGrantsForCli(db, io.env);
        const actor = node.cliActor(io.env);
        return opts.file !== undefined ? service.createMany(drafts, opts.reason, actor) : [await service.create(drafts[0], opts.reason, actor)];
      });
      if (opts.json) return printJson(io.out, created);
      for (const v of created) println(io.out, `Created grant ${v.grantId} (version 1) on ${v.datasetId}: ${oneLine(v.grant)}`);
      println(io.out, PUBLISH_NOTE);
    });

  grants
    .command('revoke')
    .description('revoke a grant from now on (a new version; its history is kept)')
    .argument('<grantId>', 'grant id (see `littoral grants list <dataset>`)')
    .requiredOption('--reason <text>', 'why (required; kept in the grant\'s history)')
    .option('--expected-version <n>', 'fail if the grant is no longer at this version (someone changed it meanwhile)')
    .option('--json', 'print JSON instead of text')
    .action(async (grantId: string, opts: { reason: string; expectedVersion?: string; json?: boolean }) => {
      const revoked = await withNodeDatabase(io, async (db, node) => {
        const service = node.openGrantsForCli(db, io.env);
        const expected = opts.expectedVersion !== undefined ? Number(opts.expectedVersion) : (await service.get(grantId)).version;
        return service.revoke(grantId, expected, opts.reason, node.cliActor(io.env));
      });
      if (opts.json) return printJson(io.out, revoked);
      println(io.out, `Revoked grant ${revoked.grantId} on ${revoked.datasetId} at ${revoked.grant.revokedAt} (version ${revoked.version}).`);
      println(io.out, PUBLISH_NOTE);
    });

  grants
    .command('history')
    .description('every version of a grant, or of every grant of a dataset: what changed, who, when and why')
    .argument('<datasetOrGrant>', 'a dataset id or a grant id')
    .option('--json', 'print JSON instead of text')
    .action(async (target: string, opts: { json?: boolean }) => {
      const versions = await withNodeDatabase(io, (db, node) => {
        const service = node.openGrantsForCli(db, io.env);
        return UUID.test(target) ? service.history(target) : service.datasetHistory(target);
      });
      if (opts.json) return printJson(io.out, versions);
      if (versions.length === 0) return println(io.out, `Dataset ${target} never had a grant.`);
      printHistory(io, versions);
    });

  grants
    .command('explain')
    .description('what the policy engine decides now for a requester and purpose on a dataset, and why (LITTORAL_COUNTRY: this node\'s country)')
    .argument('<dataset>', 'dataset id')
    .requiredOption('--country <code>', 'the requester\'s country, ISO 3166-1 alpha-2, e.g. TH')
    .option('--org <id>', 'the requester\'s organisation')
    .requiredOption('--roles <list>', 'the requester\'s roles, comma-separated (may be empty: --roles "")')
    .requiredOption('--purpose <text>', 'purpose of use, e.g. research')
    .addOption(new Option('--level <level>', 'level asked for (default: the highest available)').choices(LEVELS))
    .option('--fields <list>', 'fields the request would read (checked against redactions)')
    .option('--json', 'print JSON instead of text')
    .action(async (datasetId: string, opts: { country: string; org?: string; roles: string; purpose: string; level?: (typeof LEVELS)[number]; fields?: string; json?: boolean }) => {
      const e = await withNodeDatabase(io, (db, node) =>
        node.openGrantsForCli(db, io.env).explain(datasetId, {
          country: opts.country, organisation: opts.org ?? null, roles: splitList(opts.roles) ?? [], purpose: opts.purpose, level: opts.level ?? null, fields: splitList(opts.fields) ?? [],
        }),
      );
      if (opts.json) return printJson(io.out, { ...e, constraints: e.allowed ? e.constraints : null });
      println(io.out, e.allowed ? `ALLOWED: ${e.level} on ${datasetId}` : `DENIED: ${e.requestedLevel} on ${datasetId}`);
      for (const r of e.reasons) println(io.out, `  ${r}`);
      if (e.allowed) {
        const c = e.constraints;
        println(io.out, `constraints: k=${c.minGroupSize}, positions ${c.spatialPrecisionDeg === null ? 'as collected' : `${c.spatialPrecisionDeg}°`}, sensitive species ${c.sensitiveSpeciesPrecisionDeg}°, ` +
          `redacted ${c.redactedFields.length > 0 ? c.redactedFields.join(', ') : 'none'}, embargo ${c.embargoDays} days`);
        println(io.out, `decided by: ${e.decidingGrants.map((g) => `${g.grantId} (version ${g.version})`).join(', ')}`);
      }
      println(io.out, `highest level for this purpose: ${e.highestLevel ?? 'none'}`);
      println(io.out, `policy version ${e.policyVersion}, evaluated at ${e.evaluatedAt.toISOString()}`);
    });
}
