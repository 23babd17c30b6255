import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ISO_ALPHA2, LittoralError } from '@littoral/contracts';
import { isAccessLevel, type AccessLevel, type Grant } from '@littoral/policy';
import { AuditLog, auditActor, auditInput, typeOrmAuditDatabase } from '@littoral/audit';
import { checkReason, grantFromDraft, grantInvalid, type IndexedProblem } from './grant-draft.js';
import { currentGrants, explainAccess, type AccessExplanation } from './grant-rules.js';
import {
  insertVersion, markCatalogueStale, readDatasetState, readDatasetVersions, readGrantVersions, readLatestVersion, readPolicyVersion,
  type NewVersion,
} from './grant-store.js';
import type { CurrentGrant, GrantActor, GrantVersion } from './grant-version.js';

export interface GrantsServiceOptions {
  /** ISO alpha-2 code of this node's country: the owner of every dataset here (needed by explain only). */
  country: string | null;
  /** Injected clock (tests); default `new Date()`. */
  clock?: () => Date;
  /**
   * Called after a grant change has committed, with the datasets it touched
   * (the node refreshes their catalogue entries). Its failures are the
   * caller's to log: the change is committed, and the catalogue sweep picks
   * the dataset up anyway (grant-store.ts markCatalogueStale).
   */
  afterCommit?: (datasetIds: string[]) => Promise<void>;
  /**
   * The node's audit log: every grant version is recorded (grant.changed) in
   * the transaction that stores it. Default: a log over the same database, so
   * the CLI and tests record changes too; the node passes its injected one.
   */
  audit?: AuditLog;
}

/** What explainAccess is asked: a requester's claims as the engine would see them. */
export interface ExplainRequest {
  country: string;
  organisation?: string | null;
  roles: readonly string[];
  purpose: string;
  level?: AccessLevel | null;
  fields?: readonly string[] | null;
}

export interface ExplainResult extends AccessExplanation {
  datasetId: string;
  /** The dataset's policy version the answer was computed with. */
  policyVersion: number;
  /** The instant it was evaluated at. */
  evaluatedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sharing grants on this node's datasets: append-only versions (create,
 * change, revoke — each with who, when and why), the grants in force, their
 * history, and explainAccess through the real policy engine. Plain class: the
 * node (GrantsModule) and the CLI construct it alike.
 */
export class GrantsService {
  private readonly clock: () => Date;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: DataSource,
    private readonly options: GrantsServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.audit = options.audit ?? new AuditLog(typeOrmAuditDatabase(db));
  }

  /** Creates one grant (version 1). DATASET_NOT_FOUND for an unknown dataset; GRANT_INVALID lists every problem. */
  async create(draft: unknown, reason: string, actor: GrantActor): Promise<GrantVersion> {
    const datasetId = (draft as { datasetId?: unknown } | null)?.datasetId;
    if (typeof datasetId === 'string' && datasetId !== '' && !(await readDatasetState(this.db, datasetId)).exists) throw datasetNotFound(datasetId);
    const [created] = await this.createMany([draft], reason, actor, false);
    return created;
  }

  /**
   * Creates several grants in one transaction: all or nothing. Every problem of
   * every entry is reported at once, with the entry's index and path.
   */
  async createMany(drafts: readonly unknown[], reason: string, actor: GrantActor, bulk = true): Promise<GrantVersion[]> {
    const why = checkReason(reason);
    if (drafts.length === 0) throw grantInvalid([{ path: '', message: 'expected at least one grant' }], bulk);
    const grants: Grant[] = [];
    const problems: IndexedProblem[] = [];
    const datasets = new Map<string, { exists: boolean; withdrawn: boolean }>();
    for (const [index, draft] of drafts.entries()) {
      const at = bulk ? { index } : {};
      const built = grantFromDraft(draft, { id: randomUUID(), version: 1 });
      if (!built.ok) problems.push(...built.problems.map((p) => ({ ...at, ...p })));
      // The dataset is checked even when the rest is wrong, so one run reports everything.
      const datasetId = (draft as { datasetId?: unknown } | null)?.datasetId;
      if (typeof datasetId === 'string' && datasetId !== '') {
        if (!datasets.has(datasetId)) datasets.set(datasetId, await readDatasetState(this.db, datasetId));
        const state = datasets.get(datasetId)!;
        if (!state.exists) problems.push({ ...at, path: 'datasetId', message: `dataset "${datasetId}" does not exist on this node (see \`littoral dataset list\`)` });
        else if (state.withdrawn) problems.push({ ...at, path: 'datasetId', message: withdrawnMessage(datasetId) });
      }
      if (built.ok) grants.push(built.grant);
    }
    if (problems.length > 0) throw grantInvalid(problems, bulk);
    const now = this.clock();
    return this.write(grants.map((grant) => ({ grant, action: 'CREATE', before: null, actor, at: now, reason: why })));
  }

  /**
   * Replaces a grant's audience, level, constraints and validity with `draft`
   * as a new version. `expectedVersion` must be the latest version, otherwise
   * GRANT_VERSION_CONFLICT (someone changed it meanwhile).
   */
  async change(grantId: string, expectedVersion: number, draft: unknown, reason: string, actor: GrantActor): Promise<GrantVersion> {
    const why = checkReason(reason);
    const latest = await this.latestFor(grantId, expectedVersion);
    if (latest.grant.revokedAt !== undefined) {
      throw new LittoralError('GRANT_REVOKED', `Grant ${grantId} was revoked (version ${latest.version}); a revoked grant cannot change: create a new grant instead`, { grantId, version: latest.version });
    }
    const state = await readDatasetState(this.db, latest.datasetId);
    if (state.withdrawn) throw grantInvalid([{ path: 'datasetId', message: withdrawnMessage(latest.datasetId) }]);
    const built = grantFromDraft(draft, { id: grantId, version: latest.version + 1, fixedDatasetId: latest.datasetId });
    if (!built.ok) throw grantInvalid(built.problems);
    const [changed] = await this.write([{ grant: built.grant, action: 'CHANGE', before: latest.grant, actor, at: this.clock(), reason: why }], expectedVersion);
    return changed;
  }

  /** Revokes a grant: a new version carrying `revokedAt` = now. GRANT_REVOKED if it already is. */
  async revoke(grantId: string, expectedVersion: number, reason: string, actor: GrantActor): Promise<GrantVersion> {
    const why = checkReason(reason);
    const latest = await this.latestFor(grantId, expectedVersion);
    if (latest.grant.revokedAt !== undefined) {
      throw new LittoralError('GRANT_REVOKED', `Grant ${grantId} is already revoked (version ${latest.version}, at ${latest.grant.revokedAt})`, { grantId, version: latest.version });
    }
    const now = this.clock();
    const grant: Grant = { ...latest.grant, version: latest.version + 1, revokedAt: now.toISOString() };
    const [revoked] = await this.write([{ grant, action: 'REVOKE', before: latest.grant, actor, at: now, reason: why }], expectedVersion);
    return revoked;
  }

  /** The latest version of each grant on a dataset, in order of creation; revoked ones only when asked. */
  async list(datasetId: string, options: { includeRevoked?: boolean } = {}): Promise<CurrentGrant[]> {
    await this.requireDataset(datasetId);
    const current = currentGrants(await readDatasetVersions(this.db, datasetId), this.clock());
    return options.includeRevoked ? current : current.filter((g) => g.status !== 'REVOKED');
  }

  /** The latest version of one grant. */
  async get(grantId: string): Promise<CurrentGrant> {
    const versions = await this.versionsOf(grantId);
    return currentGrants(versions, this.clock())[0];
  }

  /** Every version of one grant, oldest first. GRANT_NOT_FOUND when unknown. */
  async history(grantId: string): Promise<GrantVersion[]> {
    return this.versionsOf(grantId);
  }

  /** Every version of every grant on a dataset, in the order they were made. */
  async datasetHistory(datasetId: string): Promise<GrantVersion[]> {
    await this.requireDataset(datasetId);
    return readDatasetVersions(this.db, datasetId);
  }

  /** The dataset's policy version: highest seq of its grant versions, 0 when it never had a grant. */
  async policyVersion(datasetId: string): Promise<number> {
    await this.requireDataset(datasetId);
    return readPolicyVersion(this.db, datasetId);
  }

  /** What the policy engine decides for this requester and purpose now, and why (see grant-rules.ts explainAccess). */
  async explain(datasetId: string, request: ExplainRequest): Promise<ExplainResult> {
    const problems = explainProblems(request);
    if (problems.length > 0) throw new LittoralError('INPUT_INVALID', `Cannot explain access: ${problems.join('; ')}`, { problems });
    await this.requireDataset(datasetId);
    const ownerCountry = this.options.country;
    if (ownerCountry === null) {
      throw new LittoralError('CONFIG_INVALID', 'LITTORAL_COUNTRY is not set: explaining access needs the node\'s country, the owner of its datasets');
    }
    // One snapshot: the grants and the policy version they make.
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const versions = await readDatasetVersions(m, datasetId);
      const now = this.clock();
      const grants = currentGrants(versions, now).map((g) => g.grant);
      const explanation = explainAccess({
        datasetId,
        ownerCountry,
        requester: { country: request.country, roles: [...request.roles], ...(request.organisation ? { organisation: request.organisation } : {}) },
        purpose: request.purpose,
        level: request.level ?? undefined,
        fields: request.fields ?? [],
        grants,
        now,
      });
      const policyVersion = versions.reduce((max, v) => Math.max(max, v.seq), 0);
      return { datasetId, policyVersion, evaluatedAt: now, ...explanation };
    });
  }

  private async versionsOf(grantId: string): Promise<GrantVersion[]> {
    const versions = UUID.test(grantId) ? await readGrantVersions(this.db, grantId) : [];
    if (versions.length === 0) throw grantNotFound(grantId);
    return versions;
  }

  private async latestFor(grantId: string, expectedVersion: number): Promise<GrantVersion> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      throw grantInvalid([{ path: 'expectedVersion', message: `expected the version you are changing, a positive integer (got ${expectedVersion})` }]);
    }
    const latest = UUID.test(grantId) ? await readLatestVersion(this.db, grantId) : undefined;
    if (!latest) throw grantNotFound(grantId);
    if (latest.version !== expectedVersion) throw conflict(grantId, expectedVersion, latest.version);
    return latest;
  }

  private async requireDataset(datasetId: string): Promise<void> {
    if (!(await readDatasetState(this.db, datasetId)).exists) throw datasetNotFound(datasetId);
  }

  /** Appends the versions in one transaction and marks their datasets for the catalogue; then lets the node republish. */
  private async write(versions: NewVersion[], expectedVersion?: number): Promise<GrantVersion[]> {
    let written: GrantVersion[];
    try {
      written = await this.db.transaction(async (m) => {
        const out: GrantVersion[] = [];
        for (const v of versions) out.push(await insertVersion(m, v));
        for (const id of new Set(versions.map((v) => v.grant.datasetId))) await markCatalogueStale(m, id);
        // One entry per stored version, in this transaction: no grant change without its audit entry (fail closed).
        for (const v of out) {
          await this.audit.appendIn(m, auditInput({
            actor: auditActor(v.changedBy), action: 'grant.changed', decision: 'allowed', datasets: [v.datasetId], policyVersion: String(v.seq),
          }));
        }
        return out;
      });
    } catch (err) {
      // Two writers of the same next version: the primary key lets one in.
      if ((err as { code?: string }).code === '23505' && expectedVersion !== undefined) {
        const grantId = versions[0].grant.id;
        const now = await readLatestVersion(this.db, grantId);
        throw conflict(grantId, expectedVersion, now?.version ?? expectedVersion + 1);
      }
      throw err;
    }
    await this.options.afterCommit?.([...new Set(written.map((v) => v.datasetId))]);
    return written;
  }
}

function explainProblems(r: ExplainRequest): string[] {
  const problems: string[] = [];
  if (typeof r.country !== 'string' || !ISO_ALPHA2.has(r.country)) problems.push(`country ${JSON.stringify(r.country)} must be an ISO 3166-1 alpha-2 code in capitals, such as TH`);
  if (r.organisation != null && (typeof r.organisation !== 'string' || r.organisation.trim() === '')) problems.push('organisation must not be blank (leave it out for none)');
  if (!Array.isArray(r.roles) || r.roles.some((x) => typeof x !== 'string' || x.trim() === '')) problems.push('roles must be a list of role names (it may be empty)');
  if (typeof r.purpose !== 'string' || r.purpose.trim() === '') problems.push('purpose must be stated, e.g. research');
  if (r.level != null && !isAccessLevel(r.level)) problems.push('level must be METADATA, AGGREGATE or RECORDS');
  return problems;
}

function withdrawnMessage(datasetId: string): string {
  return `dataset "${datasetId}" is withdrawn from the catalogue; its grants can only be revoked`;
}

function datasetNotFound(id: string): LittoralError {
  return new LittoralError('DATASET_NOT_FOUND', `Dataset "${id}" does not exist on this node (see \`littoral dataset list\`)`, { id });
}

function grantNotFound(grantId: string): LittoralError {
  return new LittoralError('GRANT_NOT_FOUND', `Grant "${grantId}" does not exist on this node (see \`littoral grants list <dataset> --all\`)`, { grantId });
}

function conflict(grantId: string, expected: number, actual: number): LittoralError {
  return new LittoralError(
    'GRANT_VERSION_CONFLICT',
    `Grant ${grantId} is at version ${actual}, not ${expected}: someone changed it meanwhile. Read it again (grantHistory) and apply your change to version ${actual}`,
    { grantId, expectedVersion: expected, currentVersion: actual },
  );
}
