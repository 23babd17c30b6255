import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LittoralError, THEME_OF_KIND, type ImportKind, type ImportStatus, type ImportSummary, type RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from '@littoral/ingest';
import { AuditLog, auditInput, typeOrmAuditDatabase, type AuditActor } from '@littoral/audit';
import { cliActor } from '../grants/grants-cli.js';
import { DatasetsService } from '../datasets/datasets.service.js';
import type { ImportRequest } from './import-options.js';
import { defaultFormat, openFormat } from './formats.js';
import { CsvFileWriter, REPORT_HEADER, reportCells } from './report-writer.js';
import type { KindPlan } from './plans/plan.js';
import { microplasticsPlan } from './plans/microplastics.plan.js';
import { beachLitterPlan } from './plans/beach-litter.plan.js';
import { occurrencesPlan } from './plans/occurrences.plan.js';

const PLANS: Record<ImportKind, KindPlan<unknown>> = {
  microplastics: microplasticsPlan as KindPlan<unknown>,
  'beach-litter': beachLitterPlan as KindPlan<unknown>,
  occurrences: occurrencesPlan as KindPlan<unknown>,
};

/** Errors kept in memory for the summary; the report file gets all of them. */
const KEEP_ERRORS = 1000;
/** COPY data is written in chunks of about this many characters. */
const COPY_CHUNK = 1 << 16;

/**
 * Imports one file into one dataset: streams it through its format reader and
 * the kind's validator into COPY-fed staging tables, then merges with set-based
 * SQL, all in one transaction. Default all-or-nothing: any invalid row and
 * nothing is stored. Re-importing stores nothing twice.
 */
@Injectable()
export class ImportService {
  private readonly datasets: DatasetsService;
  private readonly audit: AuditLog;

  /** `audit`: the node's audit log (default: one over the same database); every import run is recorded in it. */
  constructor(private readonly db: DataSource, audit?: AuditLog) {
    this.datasets = new DatasetsService(db);
    this.audit = audit ?? new AuditLog(typeOrmAuditDatabase(db));
  }

  async run(req: ImportRequest): Promise<ImportSummary> {
    const startedAt = new Date();
    const now = req.now ?? startedAt;
    const dataset = await this.datasets.get(req.datasetId);
    if (THEME_OF_KIND[req.kind] !== dataset.theme) {
      throw new LittoralError('IMPORT_KIND_MISMATCH', `dataset "${dataset.id}" has theme ${dataset.theme}; --kind ${req.kind} belongs in a ${THEME_OF_KIND[req.kind]} dataset`);
    }
    const format = req.format ?? (await defaultFormat(req.kind, req.path));
    const fileSha256 = await hashSource(req.path);
    const { reader, allowEmpty } = await openFormat(format, req.kind, req.path, req.mappingPath, req.encoding);
    const plan = PLANS[req.kind];
    const litterCodes = req.kind === 'beach-litter' ? await this.loadLitterCodes() : new Set<string>();
    const ctx: ValidationContext = { now, declaredArea: dataset.declaredArea, litterCodes, allowEmpty: new Set(allowEmpty) };
    const importId = randomUUID();
    const fileName = path.basename(req.path);

    const report = req.reportPath ? new CsvFileWriter(req.reportPath, REPORT_HEADER) : undefined;
    let rejectedOut: CsvFileWriter | undefined;
    const rejectedPath = req.skipInvalid ? (req.rejectedPath ?? `${fileName}.rejected.csv`) : undefined;
    const errors: RowError[] = [];
    let errorCount = 0;
    let rowsRead = 0;
    let rowsRejected = 0;

    const pool = (this.db.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    const progress = startProgress(req, () => ({ rowsRead, rowsRejected, bytesRead: reader.bytesRead() }), startedAt);
    const noteErrors = async (errs: RowError[], raw: string[] | undefined, line: number, file?: string) => {
      errorCount += errs.length;
      for (const e of errs) {
        if (errors.length < KEEP_ERRORS) errors.push(e);
        if (report) await report.write(reportCells(e));
      }
      if (req.skipInvalid) {
        if (!rejectedOut) rejectedOut = new CsvFileWriter(rejectedPath!, ['line', 'file', 'errors', ...(reader.headers().find((h) => h.file === file)?.columns ?? reader.headers()[0]?.columns ?? [])]);
        await rejectedOut.write([line, file, errs.map((e) => `${e.column}: ${e.reason}`).join('; '), ...(raw ?? [])]);
      }
    };

    let status: ImportStatus = 'SUCCEEDED';
    let rowsStored = 0;
    let rowsDuplicate = 0;
    let message: string | null = null;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO import_run (id, dataset_id, kind, format, file_name, file_sha256, status, rows_read, rows_stored, rows_rejected, rows_duplicate, started_at, finished_at, options)
         VALUES ($1, $2, $3, $4, $5, $6, 'FAILED', 0, 0, 0, 0, $7, $7, $8)`,
        [importId, dataset.id, req.kind, format, fileName, fileSha256, startedAt, JSON.stringify({ skipInvalid: !!req.skipInvalid, mapping: req.mappingPath ? path.basename(req.mappingPath) : undefined, encoding: req.encoding })],
      );
      for (const ddl of plan.stagingDdl) await client.query(ddl);
      const copier = new StagingCopier(client, plan.copyColumns);
      const stager = plan.stager();
      const emit = (table: string, text: string) => copier.append(table, text);
      const lineErrors: RowError[] = [];
      const valid: unknown[] = [];

      for await (const item of reader.items()) {
        if (item.type === 'blank') continue;
        rowsRead++;
        if (item.type === 'error') {
          rowsRejected++;
          await noteErrors(item.errors, item.raw, item.line, item.file);
          continue;
        }
        lineErrors.length = 0;
        valid.length = 0;
        for (const row of item.rows as CanonicalRow[]) {
          const v = plan.validate(row, ctx);
          if (v.ok) valid.push(v.record);
          else lineErrors.push(...v.errors);
        }
        // A source line is accepted or rejected as a whole.
        if (lineErrors.length) {
          rowsRejected++;
          await noteErrors(dedupe(lineErrors), item.raw, item.line, item.file);
          continue;
        }
        for (const record of valid) stager.stage(record, emit);
        if (copier.pending()) await copier.drain();
      }
      stager.finish(emit);
      await copier.finish();
      progress.phase('storing');
      // Temporary tables have no statistics until analysed; the merge plans need them.
      for (const table of Object.keys(plan.copyColumns)) await client.query(`ANALYZE ${table}`);

      if (errorCount > 0 && !req.skipInvalid) {
        status = 'REJECTED';
      } else {
        const outcome = await plan.merge(client, dataset.id, importId, !!req.skipInvalid);
        for (const e of outcome.errors) await noteErrors([e], undefined, e.line, e.file);
        rowsRejected += outcome.rejectedLines.size;
        if (outcome.errors.length && !req.skipInvalid) status = 'REJECTED';
        else {
          rowsStored = rowsRead - rowsRejected - outcome.duplicateLines;
          rowsDuplicate = outcome.duplicateLines;
          status = rowsRejected > 0 ? 'PARTIAL' : 'SUCCEEDED';
        }
      }
      // Reports are part of the result: if they cannot be written, nothing is committed.
      await report?.close();
      await rejectedOut?.close();
      if (status === 'REJECTED') {
        await client.query('ROLLBACK');
        message = `${rowsRejected} of ${rowsRead} rows are invalid; nothing was stored (fix them, or use --skip-invalid to store the valid rows)`;
      } else {
        const finishedAt = new Date();
        await client.query(
          `UPDATE import_run SET status = $2, rows_read = $3, rows_stored = $4, rows_rejected = $5, rows_duplicate = $6, finished_at = $7, errors = $8 WHERE id = $1`,
          [importId, status, rowsRead, rowsStored, rowsRejected, rowsDuplicate, finishedAt, JSON.stringify(errors.slice(0, 100))],
        );
        if (rowsStored > 0) await client.query(`UPDATE dataset SET data_modified_at = $2 WHERE id = $1`, [dataset.id, finishedAt]);
        // The run's audit entry commits with the rows, or neither does (fail closed).
        await this.audit.appendIn(client, importEntry(req.actor, dataset.id, status === 'PARTIAL' ? 'partial' : 'allowed', rowsStored, status === 'PARTIAL' ? 'IMPORT_ROWS_INVALID' : null));
        await client.query('COMMIT');
        message = status === 'PARTIAL' ? `${rowsRejected} invalid rows were skipped${rejectedPath ? ` (written to ${rejectedPath})` : ''}` : null;
      }
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      progress.stop();
      await report?.close().catch(() => undefined);
      await rejectedOut?.close().catch(() => undefined);
      client.release();
      throw e;
    }
    client.release();
    progress.stop();
    await report?.close();
    await rejectedOut?.close();

    const finishedAt = new Date();
    const summary: ImportSummary = {
      id: importId, datasetId: dataset.id, kind: req.kind, format, fileName, fileSha256, status,
      rowsRead, rowsStored: status === 'REJECTED' ? 0 : rowsStored, rowsRejected, rowsDuplicate, startedAt, finishedAt, errors, message,
    };
    if (status === 'REJECTED') await this.recordRejected(summary, req);
    return summary;
  }

  /** A rejected import stored nothing, but it is part of the dataset's import history. */
  private async recordRejected(s: ImportSummary, req: ImportRequest): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.audit.appendIn(m, importEntry(req.actor, s.datasetId, 'denied', 0, 'IMPORT_ROWS_INVALID'));
      await m.query(
        `INSERT INTO import_run (id, dataset_id, kind, format, file_name, file_sha256, status, rows_read, rows_stored, rows_rejected, rows_duplicate, started_at, finished_at, message, errors, options)
         VALUES ($1, $2, $3, $4, $5, $6, 'REJECTED', $7, 0, $8, 0, $9, $10, $11, $12, $13)`,
        [s.id, s.datasetId, s.kind, s.format, s.fileName, s.fileSha256, s.rowsRead, s.rowsRejected, s.startedAt, s.finishedAt, s.message, JSON.stringify(s.errors.slice(0, 100)), JSON.stringify({ skipInvalid: !!req.skipInvalid })],
      );
    });
  }

  private async loadLitterCodes(): Promise<Set<string>> {
    const rows: { code_system: string; code: string }[] = await this.db.query(`SELECT code_system, code FROM litter_code`);
    return new Set(rows.map((r) => `${r.code_system}:${r.code}`));
  }
}

/** The audit entry of one import run: rows stored (partial when invalid rows were skipped), or denied when the file was refused. */
function importEntry(actor: AuditActor | undefined, datasetId: string, decision: 'allowed' | 'partial' | 'denied', rowsStored: number, reason: string | null) {
  return auditInput({ actor: actor ?? cliActorForAudit(), action: 'import', decision, datasets: [datasetId], resultSize: rowsStored, reason });
}

function cliActorForAudit(): AuditActor {
  const a = cliActor(process.env);
  return { subject: a.subject.replace(/[^\x21-\x7e]/g, '_'), country: null, organisation: null, roles: [] };
}

/** Feeds staging tables through COPY, one table at a time, with back-pressure. */
class StagingCopier {
  private table: string | undefined;
  private stream: NodeJS.WritableStream | undefined;
  private done: Promise<void> | undefined;
  private buffers = new Map<string, string>();
  private full = false;

  constructor(
    private readonly client: PoolClient,
    private readonly columns: Readonly<Record<string, string>>,
  ) {}

  /** Buffers COPY text for a table (synchronous: the hot path makes no promise per row). */
  append(table: string, text: string): void {
    const buffered = (this.buffers.get(table) ?? '') + text;
    this.buffers.set(table, buffered);
    if (buffered.length >= COPY_CHUNK) this.full = true;
  }

  /** Some table has enough buffered to be worth sending. */
  pending(): boolean {
    return this.full;
  }

  /**
   * Sends the buffers that are full (or all of them at the end). Each table is
   * flushed only when its own buffer is full, so a small table interleaved with
   * a big one (samples and their counts) does not switch COPY every chunk.
   */
  async drain(all = false): Promise<void> {
    const ready = [...this.buffers].filter(([, text]) => text.length >= (all ? 1 : COPY_CHUNK));
    // The table whose COPY is open goes first: no switch needed for it.
    ready.sort(([a], [b]) => Number(b === this.table) - Number(a === this.table));
    for (const [table, text] of ready) {
      if (table !== this.table) await this.open(table);
      this.buffers.set(table, '');
      if (!this.stream!.write(text)) await once(this.stream as unknown as NodeJS.EventEmitter, 'drain');
    }
    this.full = false;
  }

  private async open(table: string): Promise<void> {
    await this.close();
    this.table = table;
    const s = this.client.query(copyFrom(`COPY ${table} (${this.columns[table]}) FROM STDIN`));
    this.stream = s;
    this.done = new Promise((resolve, reject) => {
      s.on('finish', resolve);
      s.on('error', reject);
    });
  }

  private async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await this.done;
    this.stream = undefined;
    this.table = undefined;
  }

  async finish(): Promise<void> {
    await this.drain(true);
    await this.close();
  }
}

/** One error per column and reason: a wide line repeats the same problem in every row it yields. */
function dedupe(errors: RowError[]): RowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.column}\u0000${e.reason}\u0000${e.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** SHA-256 of the source: the file, or every file of an unpacked archive directory in name order. */
async function hashSource(p: string): Promise<string> {
  const s = await stat(p).catch((e: { code?: string }) => {
    throw new LittoralError('IMPORT_FILE_UNREADABLE', e.code === 'ENOENT' ? `File not found: ${p}` : `Cannot read ${p}`);
  });
  const hash = createHash('sha256');
  const files = s.isDirectory() ? (await readdir(p)).sort().map((f) => path.join(p, f)) : [p];
  for (const f of files) {
    if (!(await stat(f)).isFile()) continue;
    for await (const chunk of createReadStream(f)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

function startProgress(req: ImportRequest, read: () => { rowsRead: number; rowsRejected: number; bytesRead: number }, startedAt: Date) {
  let phase: 'reading' | 'storing' | 'done' = 'reading';
  const tick = () => req.onProgress?.({ ...read(), elapsedMs: Date.now() - startedAt.getTime(), phase });
  const timer = req.onProgress ? setInterval(tick, 250) : undefined;
  timer?.unref();
  return {
    phase(p: 'storing') {
      phase = p;
      tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      phase = 'done';
      tick();
    },
  };
}
