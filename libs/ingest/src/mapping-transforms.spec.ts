import { applyStep, applySteps, scaleText } from './mapping-transforms.js';
import type { Step } from './mapping-schema.js';

describe('scale', () => {
  it.each([
    ['1144.8', 0.001, '1.1448'],
    ['0.023', 1000, '23'],
    ['0.001', 1000, '1'],
    ['0.000', 1000, '0'],
    ['-130.6708', -1, '130.6708'],
    ['126.6297', -1, '-126.6297'],
    ['350', 0.001, '0.35'],
    ['333', 0.001, '0.333'],
    ['8e+05', 0.001, '800'],
    ['1.5E-3', 1000, '1.5'],
    ['.5', 10, '5'],
    ['5.', 0.1, '0.5'],
    ['+42', 1, '42'],
    ['-0', -1, '0'],
    ['007.50', 1, '7.5'],
    ['2', 0.45359237, '0.90718474'],
    ['3', 1 / 3, '1'],
  ])('%s × %d = %s', (input, factor, out) => {
    expect(scaleText(input, factor)).toEqual({ ok: true, value: out });
  });

  it.each(['abc', '1,5', '12 g', '####', '1e', '-', '.', '0x10'])('rejects %s', (input) => {
    expect(scaleText(input, 0.001)).toEqual({ ok: false, reason: `not a number: "${input}"`, expected: 'a decimal number (it is multiplied by 0.001)' });
  });

  it('leaves an empty value empty', () => {
    expect(applyStep('  ', { op: 'scale', factor: -1 })).toEqual({ ok: true, value: '' });
  });
});

const map = (table: Record<string, string>, otherwise: Extract<Step, { op: 'map' }>['otherwise'] = { keep: true }): Step => ({
  op: 'map',
  table: new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v])),
  otherwise,
});

describe('map', () => {
  const step = map({ 'foamed_plastic': 'FOAM', fiber: 'FIBRE' });
  it('compares trimmed and case-insensitively', () => {
    expect(applyStep(' Foamed_Plastic ', step)).toEqual({ ok: true, value: 'FOAM' });
    expect(applyStep('FIBER', step)).toEqual({ ok: true, value: 'FIBRE' });
  });
  it('passes unmapped values through unchanged, so the validator sees the real value', () => {
    expect(applyStep('nurdle', step)).toEqual({ ok: true, value: 'nurdle' });
  });
  it('uses "otherwise" for unmapped values when given', () => {
    expect(applyStep('Doyle 2011', map({ 'M. Eriksen': 'MANTA' }, { value: '' }))).toEqual({ ok: true, value: '' });
    expect(applyStep('Survey', map({ Cleanup: 'false', Monitoring: 'true' }, { error: 'EventType Cleanup or Monitoring' }))).toEqual({
      ok: false,
      reason: 'no mapping for "Survey"; the mapping accepts "cleanup", "monitoring"',
      expected: 'EventType Cleanup or Monitoring',
    });
  });
  it('leaves empty values empty (otherwise does not apply)', () => {
    expect(applyStep('', map({ a: 'b' }, { value: 'X' }))).toEqual({ ok: true, value: '' });
  });
});

describe('cases', () => {
  const step: Step = {
    op: 'cases',
    cases: [
      { match: /^ocean sediment\|/i, value: 'SED_SEA' },
      { match: /^[^|]*\|(.*)$/i, value: '$1' },
    ],
    otherwise: { keep: true },
  };
  it('takes the first matching case, with $n groups', () => {
    expect(applyStep('Ocean Sediment|Van Veen grab sampler', step)).toEqual({ ok: true, value: 'SED_SEA' });
    expect(applyStep('Beach|stainless-steel sampler', step)).toEqual({ ok: true, value: 'stainless-steel sampler' });
  });
  it('fails with the listed expectation when "otherwise" is an error', () => {
    const strict: Step = { op: 'cases', cases: [{ match: /^a$/i, value: 'A' }], otherwise: { error: 'a' } };
    expect(applyStep('b', strict)).toEqual({ ok: false, reason: 'no mapping for "b"; the mapping accepts a value matching /^a$/', expected: 'a' });
  });
});

describe('split and null', () => {
  const first: Step = { op: 'split', separator: '-', part: 0 };
  const second: Step = { op: 'split', separator: '-', part: 1 };
  it('takes a trimmed part', () => {
    expect(applyStep('10-5000', first)).toEqual({ ok: true, value: '10' });
    expect(applyStep('10 - 5000', second)).toEqual({ ok: true, value: '5000' });
  });
  it('fails when the part is missing', () => {
    expect(applyStep('5000', second)).toEqual({ ok: false, reason: '"5000" has 1 part(s) separated by "-"; part 1 was asked for', expected: '2 or more parts separated by "-"' });
  });
  it('null tokens become empty, compared trimmed and case-insensitively', () => {
    const nul: Step = { op: 'null', tokens: new Set(['(n/r)', '99999']) };
    expect(applyStep(' (N/R) ', nul)).toEqual({ ok: true, value: '' });
    expect(applyStep('99999', nul)).toEqual({ ok: true, value: '' });
    expect(applyStep('9999', nul)).toEqual({ ok: true, value: '9999' });
  });
});

describe('applySteps', () => {
  const doerMin: Step[] = [{ op: 'split', separator: '-', part: 0 }, { op: 'null', tokens: new Set(['99999']) }, { op: 'scale', factor: 0.001 }];
  it('chains in order', () => {
    expect(applySteps('63-5000', doerMin)).toEqual({ ok: true, value: '0.063' });
    expect(applySteps('99999-5000', doerMin)).toEqual({ ok: true, value: '' });
    expect(applySteps('1.2-5000', doerMin)).toEqual({ ok: true, value: '0.0012' });
  });
  it('stops at the first failure', () => {
    expect(applySteps('n.d.-5000', doerMin)).toEqual({ ok: false, reason: 'not a number: "n.d."', expected: 'a decimal number (it is multiplied by 0.001)' });
  });
  it('runs date transforms', () => {
    expect(applySteps('20180428', [{ op: 'date', format: 'yyyymmdd' }])).toEqual({ ok: true, value: '2018-04-28' });
    expect(applySteps('2015 Jun-Jul', [{ op: 'date', format: 'free-period' }])).toEqual({ ok: true, value: '2015-06/2015-07' });
    expect(applySteps('5/16/2012 12:00:00 AM', [{ op: 'date', format: 'us-datetime', offset: 'Z' }])).toEqual({ ok: true, value: '2012-05-16T00:00:00Z' });
  });
});
