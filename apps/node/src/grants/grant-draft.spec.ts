import { checkReason, grantFromDraft, grantInvalid } from './grant-draft';
import { caught } from '../../../../test/support/caught';

const ID = '8d0f5a56-2f0c-4a4e-9d6b-3f1f6b1f2a10';
const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'TL'];

describe('grantFromDraft', () => {
  it('builds a policy Grant with the id and version the node assigns', () => {
    const r = grantFromDraft(
      { datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ASEAN }, level: 'AGGREGATE', constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 } },
      { id: ID, version: 1 },
    );
    expect(r).toEqual({
      ok: true,
      grant: { id: ID, version: 1, datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ASEAN }, level: 'AGGREGATE', constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 } },
    });
  });

  it('lists every problem with its path, including keys the node assigns', () => {
    const r = grantFromDraft(
      { id: 'mine', revokedAt: '2025-01-01', datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ['th', 'TH'] }, level: 'aggregate', constraints: { minGroupSise: 5, spatialPrecisionDeg: 0 }, validUnitl: '2026-01-01' },
      { id: ID, version: 1 },
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual([
      'id', 'revokedAt', 'validUnitl', 'audience.countries[0]', 'level', 'constraints.minGroupSise', 'constraints.spatialPrecisionDeg',
    ]);
    expect(!r.ok && r.problems[0].message).toBe('is assigned by the node; leave it out');
  });

  it('keeps a changed grant on its dataset', () => {
    const base = { audience: { kind: 'NETWORK' }, level: 'METADATA' };
    expect(grantFromDraft(base, { id: ID, version: 3, fixedDatasetId: 'jp-coast' })).toMatchObject({ ok: true, grant: { datasetId: 'jp-coast', version: 3 } });
    const moved = grantFromDraft({ ...base, datasetId: 'elsewhere' }, { id: ID, version: 3, fixedDatasetId: 'jp-coast' });
    expect(!moved.ok && moved.problems).toEqual([{ path: 'datasetId', message: 'a grant stays on its dataset ("jp-coast"); create a new grant for another dataset' }]);
  });

  it('refuses what is not an object', () => {
    for (const draft of [null, 'grant', [1]]) expect(grantFromDraft(draft, { id: ID, version: 1 })).toMatchObject({ ok: false, problems: [{ path: '' }] });
  });
});

describe('grantInvalid and checkReason', () => {
  it('names every problem, with the entry index for bulk requests', () => {
    const e = grantInvalid([{ index: 0, path: 'level', message: 'expected METADATA, AGGREGATE or RECORDS' }, { index: 2, path: 'audience.countries[1]', message: 'bad' }], true);
    expect(e.code).toBe('GRANT_INVALID');
    expect(e.message).toBe('Invalid grants, nothing was stored (2 problems): [0].level: expected METADATA, AGGREGATE or RECORDS; [2].audience.countries[1]: bad');
    expect(e.details).toEqual({ problems: [{ index: 0, path: 'level', message: 'expected METADATA, AGGREGATE or RECORDS' }, { index: 2, path: 'audience.countries[1]', message: 'bad' }] });
  });

  it.each([[''], ['   '], [undefined], [42]])('requires a reason (%p)', (reason) => {
    const e = caught(() => checkReason(reason));
    expect(e).toMatchObject({ code: 'GRANT_INVALID', message: 'Invalid grant: reason: give the reason for this change (it is kept in the grant\'s history)' });
  });

  it('trims the reason and caps its length', () => {
    expect(checkReason('  ASEAN agreement 2025 ')).toBe('ASEAN agreement 2025');
    expect(caught(() => checkReason('x'.repeat(2001))).message).toBe('Invalid grant: reason: at most 2000 characters (got 2001)');
  });
});
