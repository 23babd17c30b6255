import { LittoralError } from '@littoral/contracts';
import { JWS_TYPES, signJws, verifyJws, type StoredKey, type TrustedKey } from '@littoral/crypto';
import { sha256Hex, type AuditEntry } from './audit-entry.js';

/** Formats of `littoral audit export`. */
export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  'seq', 'time', 'actor_subject', 'actor_country', 'actor_organisation', 'actor_roles', 'action', 'purpose', 'datasets',
  'decision', 'reason', 'result_size', 'policy_version', 'correlation_id', 'request_hash', 'prev_hash', 'hash',
] as const;

/** One entry as one line of the export, with its line break (JSON Lines, or a CSV record). */
export function exportLine(e: AuditEntry, format: ExportFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(e)}\n`;
  const cells = [
    String(e.seq), e.time, e.actor.subject, e.actor.country ?? '', e.actor.organisation ?? '', JSON.stringify(e.actor.roles), e.action,
    e.purpose ?? '', JSON.stringify(e.datasets), e.decision, e.reason ?? '', e.resultSize === null ? '' : String(e.resultSize),
    e.policyVersion ?? '', e.correlationId, e.requestHash ?? '', e.prevHash, e.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The first line of a CSV export (nothing for JSON Lines). */
export function exportHeader(format: ExportFormat): string {
  return format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '';
}

function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The entries of an export, as plain objects for verifyChain (which checks
 * them). A line that cannot be parsed at all throws INPUT_INVALID naming it.
 */
export function parseExport(text: string, format: ExportFormat): unknown[] {
  if (format === 'jsonl') {
    return text.split('\n').flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        throw new LittoralError('INPUT_INVALID', `line ${i + 1} of the export is not JSON`);
      }
    });
  }
  const records = parseCsv(text);
  const header = records.shift();
  if (!header || header.join(',') !== CSV_COLUMNS.join(',')) throw new LittoralError('INPUT_INVALID', `the CSV export must start with the header ${CSV_COLUMNS.join(',')}`);
  return records.map((cells, i) => {
    if (cells.length !== CSV_COLUMNS.length) throw new LittoralError('INPUT_INVALID', `line ${i + 2} of the export has ${cells.length} columns; expected ${CSV_COLUMNS.length}`);
    const c = Object.fromEntries(CSV_COLUMNS.map((name, j) => [name, cells[j]])) as Record<(typeof CSV_COLUMNS)[number], string>;
    const orNull = (s: string): string | null => (s === '' ? null : s);
    const json = (s: string): unknown => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        return s; // verifyChain reports the entry as malformed
      }
    };
    return {
      seq: Number(c.seq),
      time: c.time,
      actor: { subject: c.actor_subject, country: orNull(c.actor_country), organisation: orNull(c.actor_organisation), roles: json(c.actor_roles) },
      action: c.action,
      purpose: orNull(c.purpose),
      datasets: json(c.datasets),
      decision: c.decision,
      reason: orNull(c.reason),
      resultSize: c.result_size === '' ? null : Number(c.result_size),
      policyVersion: orNull(c.policy_version),
      correlationId: c.correlation_id,
      requestHash: orNull(c.request_hash),
      prevHash: c.prev_hash,
      hash: c.hash,
    };
  });
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (cell += ch), i++;
    } else if (ch === '"' && cell === '') (quoted = true), i++;
    else if (ch === ',') cells.push(cell), (cell = ''), i++;
    else if (ch === '\r' || ch === '\n') {
      cells.push(cell), records.push(cells), (cells = []), (cell = '');
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else (cell += ch), i++;
  }
  if (cell !== '' || cells.length > 0) cells.push(cell), records.push(cells);
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** What the detached signature of an export states. */
export interface ExportStatement {
  origin: string;
  format: ExportFormat;
  /** SHA-256 (hex) of the exported file's bytes. */
  sha256: string;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The requested period (ISO 8601). */
  from: string;
  to: string;
  /** Signed checkpoints (compact JWS) of the origin whose seq falls inside the export. */
  checkpoints: string[];
}

/** Signs an export statement (typ `littoral-audit-export+jws`, iss and sub = origin). */
export function signExport(statement: ExportStatement, key: StoredKey, now: Date): Promise<string> {
  return signJws({ ...statement }, JWS_TYPES.auditExport, key, { iss: statement.origin, sub: statement.origin }, now);
}

/** Largest export signature accepted (it lists the checkpoints inside the export). */
const MAX_EXPORT_SIGNATURE_BYTES = 16 * 1024 * 1024;

/**
 * Verifies an export's detached signature against keys trusted for `origin`
 * and the file's bytes. Throws SIGNATURE_INVALID when the bytes are not the
 * ones signed; any refusal of verifyJws otherwise.
 */
export async function verifyExport(jws: string, bytes: Uint8Array, origin: string, trusted: readonly TrustedKey[], receivedAt: Date): Promise<ExportStatement> {
  const v = await verifyJws(jws.trim(), { typ: JWS_TYPES.auditExport, trusted, issuer: origin, receivedAt, maxBytes: MAX_EXPORT_SIGNATURE_BYTES });
  const s = v.payload as unknown as ExportStatement;
  if (typeof s.sha256 !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(s.format) || !Array.isArray(s.checkpoints)) {
    throw new LittoralError('MESSAGE_MALFORMED', 'The export signature does not state sha256, format and checkpoints');
  }
  const actual = sha256Hex(bytes);
  if (actual !== s.sha256) {
    throw new LittoralError('SIGNATURE_INVALID', `The export file does not match its signature: its SHA-256 is ${actual}, the signature states ${s.sha256}; the file was changed after it was exported`);
  }
  return s;
}
