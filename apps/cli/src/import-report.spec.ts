import type { ImportSummary, RowError } from '@littoral/contracts';
import { formatImportSummary, formatRowError } from './import-report';

const started = new Date('2025-01-01T00:00:00Z');
const summary = (over: Partial<ImportSummary>): ImportSummary => ({
  id: 'i', datasetId: 'th-gulf', kind: 'microplastics', format: 'canonical', fileName: 'samples.csv', fileSha256: 'x', status: 'SUCCEEDED',
  rowsRead: 2000, rowsStored: 2000, rowsRejected: 0, rowsDuplicate: 0, startedAt: started, finishedAt: new Date(started.getTime() + 1000),
  errors: [], message: null, ...over,
});
const error = (line: number): RowError => ({ line, column: 'polymer', value: 'PX', reason: 'unknown code "PX"', expected: 'one of PE, PP' });

describe('import summary', () => {
  it('formats a row error as line, column, value, reason and expectation', () => {
    expect(formatRowError(error(7))).toBe('line 7, column polymer: value "PX": unknown code "PX" (expected one of PE, PP)');
    expect(formatRowError({ line: 3, column: 'eventDate', value: '', reason: 'required', file: 'occurrence.txt' })).toBe('occurrence.txt line 3, column eventDate: value "": required');
  });

  it('prints counts, time, rate and status', () => {
    expect(formatImportSummary(summary({}), { skipInvalid: false })).toEqual([
      'Import of samples.csv into dataset th-gulf (microplastics, format canonical)',
      '  rows read   2,000',
      '  stored      2,000',
      '  duplicates  0',
      '  rejected    0',
      '  time        1.00 s',
      '  rows/s      2,000',
      '  status      SUCCEEDED',
    ]);
  });

  it.each([
    [25, 25, undefined, '  … and 5 more; run again with --report <file> to get the full list'],
    [25, 25, 'r.csv', '  … and 5 more; full list in r.csv'],
    [1000, 4000, 'r.csv', '  … and 980+ more; full list in r.csv'],
    [20, 30, undefined, '  … and more; run again with --report <file> to get the full list'],
    [3, 3, 'r.csv', '  full list in r.csv'],
  ])('with %d errors kept for %d rejected rows (report %s) shows 20 and ends with %j', (kept, rejected, reportPath, last) => {
    const errors = Array.from({ length: kept }, (_, i) => error(i + 2));
    const lines = formatImportSummary(summary({ status: 'REJECTED', rowsRejected: rejected, errors }), { reportPath, skipInvalid: false });
    expect(lines.filter((l) => l.startsWith('  line '))).toHaveLength(Math.min(kept, 20));
    expect(lines[lines.length - 1]).toBe(last);
  });

  it('shows an error repeated for every row of one wide line once', () => {
    const lines = formatImportSummary(summary({ status: 'REJECTED', rowsRejected: 1, errors: [error(2), error(2), error(2)] }), { skipInvalid: false });
    expect(lines.slice(-2)).toEqual(['Errors:', '  line 2, column polymer: value "PX": unknown code "PX" (expected one of PE, PP)']);
  });

  it('says where rejected rows went, unless the service already did', () => {
    const partial = summary({ status: 'PARTIAL', rowsRejected: 1, errors: [error(2)] });
    expect(formatImportSummary(partial, { skipInvalid: true, rejectedPath: 'x.rejected.csv' }).at(-1)).toBe('Rejected rows, with their reasons, were written to x.rejected.csv.');
    const told = formatImportSummary({ ...partial, message: '1 invalid rows were skipped (written to x.rejected.csv)' }, { skipInvalid: true, rejectedPath: 'x.rejected.csv' });
    expect(told.filter((l) => l.includes('x.rejected.csv'))).toHaveLength(1);
  });
});
