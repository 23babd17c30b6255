import { LittoralError } from '@littoral/contracts';
import { parseMapping } from './mapping-schema.js';
import { mappingAllowEmpty } from './mapping-format.js';

/** A minimal valid microplastics mapping to break one thing at a time. */
const base = () => ({
  kind: 'microplastics',
  fields: {
    site_id: 'Site',
    sample_id: 'Sample',
    site_type: { const: 'BEACH' },
    matrix: { const: 'BEACH' },
    sampled_at: { column: 'Date', date: 'us-datetime' },
  } as Record<string, unknown>,
});

function caught(fn: () => unknown): LittoralError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw e;
  }
  throw new Error('expected a LittoralError');
}

describe('parseMapping', () => {
  it('accepts a minimal mapping and fills defaults', () => {
    const m = parseMapping(base());
    expect(m.kind).toBe('microplastics');
    expect(m.table).toBe('row');
    expect(m.rows).toHaveLength(1);
    expect(m.noRows).toBe('error');
    expect(m.skipLines).toBe(0);
    expect(m.allowEmpty).toEqual([]);
    expect(m.fields.site_id.source).toEqual({ kind: 'column', ref: { kind: 'name', name: 'Site', optional: false } });
    expect(m.fields.sampled_at.steps).toEqual([{ op: 'date', format: 'us-datetime', offset: undefined }]);
  });

  it('reads shorthand transforms in their fixed order, then "transforms"', () => {
    const m = parseMapping({ ...base(), fields: { ...base().fields, mass_kg: { column: 'g', nullValues: ['-'], split: ' ', part: 0, map: { x: '1' }, scale: 0.001, transforms: [{ null: ['0'] }] } } });
    expect(m.fields.mass_kg.steps.map((s) => s.op)).toEqual(['split', 'map', 'scale', 'null']);
    expect([...m.fields.mass_kg.nullValues]).toEqual(['-']);
  });

  it('ignores "comment" and "$…" keys everywhere', () => {
    const m = parseMapping({ ...base(), comment: 'x', $schema: 'y', fields: { ...base().fields, comment: 'z', count: { column: 'n', comment: 'why' } } });
    expect(Object.keys(m.fields)).toContain('count');
  });

  it('source may be one line or several', () => {
    expect(parseMapping({ ...base(), source: 'EEA' }).source).toEqual(['EEA']);
    expect(parseMapping({ ...base(), source: ['a', 'b'] }).source).toEqual(['a', 'b']);
  });

  it('accepts "tab" as the delimiter', () => {
    expect(parseMapping({ ...base(), delimiter: 'tab' }).delimiter).toBe('\t');
  });

  it('allowEmpty lets a required field go unmapped', () => {
    const fields = { ...base().fields };
    delete fields.sampled_at;
    expect(parseMapping({ ...base(), fields, allowEmpty: ['sampled_at'] }).allowEmpty).toEqual(['sampled_at']);
    expect(mappingAllowEmpty({ ...base(), fields, allowEmpty: ['sampled_at'] })).toEqual(['sampled_at']);
  });

  it('a required field may come from every row entry or a wide layout', () => {
    const fields = { ...base().fields };
    delete fields.sample_id;
    expect(() => parseMapping({ ...base(), fields, rows: [{ fields: { sample_id: 'A' } }, { fields: { sample_id: 'B' } }] })).not.toThrow();
    expect(() => parseMapping({ ...base(), fields, wide: { match: '^S', name: { sample_id: {} }, value: { count: {} } } })).not.toThrow();
  });

  const broken = (patch: (m: ReturnType<typeof base> & Record<string, unknown>) => unknown): unknown => {
    const m = base() as ReturnType<typeof base> & Record<string, unknown>;
    const r = patch(m);
    return r === undefined ? m : r;
  };

  // [what, mapping, exact message]
  const FAILING: [string, unknown, string][] = [
    ['not an object', [], 'Mapping invalid at $: expected a JSON object, got an array'],
    ['unknown kind', broken((m) => { m.kind = 'plankton'; }), 'Mapping invalid at $.kind: expected one of microplastics, beach-litter, occurrences, got string "plankton"'],
    ['unknown top-level key', broken((m) => { m.colums = {}; }), 'Mapping invalid at $.colums: unknown key "colums"; expected one of kind, table, description, source, delimiter, quote, encoding, skipLines, nullValues, allowEmpty, fields, rows, wide, noRows (or "comment")'],
    ['unknown canonical field', broken((m) => { m.fields.polymers = 'P'; }), 'Mapping invalid at $.fields.polymers: unknown canonical field "polymers" for kind microplastics; expected one of site_id, site_name, site_type, country, city, water_body, region, site_latitude, site_longitude, sample_id, sampled_at, sampled_until, matrix, device, mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, sample_latitude, sample_longitude, size_min_mm, size_max_mm, id_method, method_ref, notes, size_class, polymer, shape, colour, category, count, particle_mass_mg, concentration, concentration_unit, concentration_class, correction'],
    ['beach-litter field in a microplastics mapping', broken((m) => { m.fields.item_code = 'G'; }), 'Mapping invalid at $.fields.item_code: unknown canonical field "item_code" for kind microplastics; expected one of site_id, site_name, site_type, country, city, water_body, region, site_latitude, site_longitude, sample_id, sampled_at, sampled_until, matrix, device, mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, sample_latitude, sample_longitude, size_min_mm, size_max_mm, id_method, method_ref, notes, size_class, polymer, shape, colour, category, count, particle_mass_mg, concentration, concentration_unit, concentration_class, correction'],
    ['required field missing', broken((m) => { delete m.fields.matrix; }), 'Mapping invalid at $.fields: required canonical field "matrix" is not mapped; map it (in "fields" or in every entry of "rows") or list it in "allowEmpty"'],
    ['two sources', broken((m) => { m.fields.count = { column: 'n', const: '1' }; }), 'Mapping invalid at $.fields.count: expected exactly one source (column, index, const, template, join, coalesce or "date": "ymd-columns"), got column + const'],
    ['no source', broken((m) => { m.fields.count = { scale: 2 }; }), 'Mapping invalid at $.fields.count: expected exactly one source (column, index, const, template, join, coalesce or "date": "ymd-columns"), got none'],
    ['unknown transform key', broken((m) => { m.fields.count = { column: 'n', multiply: 2 }; }), 'Mapping invalid at $.fields.count.multiply: unknown key "multiply"; expected one of column, occurrence, optional, index, const, template, join, separator, coalesce, year, month, day, nullValues, transforms, split, part, map, cases, otherwise, date, offset, scale (or "comment")'],
    ['unknown transform in list', broken((m) => { m.fields.count = { column: 'n', transforms: [{ round: 2 }] }; }), 'Mapping invalid at $.fields.count.transforms[0]: expected exactly one transform (null, split, map, cases, date, scale), got none'],
    ['two transforms in one list entry', broken((m) => { m.fields.count = { column: 'n', transforms: [{ scale: 2, null: ['x'] }] }; }), 'Mapping invalid at $.fields.count.transforms[0]: expected exactly one transform (null, split, map, cases, date, scale), got null + scale'],
    ['unknown date transform', broken((m) => { m.fields.sampled_at = { column: 'Date', date: 'dd/mm/yyyy' }; }), 'Mapping invalid at $.fields.sampled_at.date: unknown date transform string "dd/mm/yyyy"; expected one of us-datetime, yyyymmdd, free-period (or "ymd-columns" as the source of a field)'],
    ['bad offset', broken((m) => { m.fields.sampled_at = { column: 'Date', date: 'us-datetime', offset: '+8' }; }), 'Mapping invalid at $.fields.sampled_at.offset: expected a UTC offset such as "Z", "+08:00" or "-05:00", got "+8"'],
    ['zero scale', broken((m) => { m.fields.mass_kg = { column: 'g', scale: 0 }; }), 'Mapping invalid at $.fields.mass_kg.scale: expected a non-zero number (e.g. 0.001 for g → kg, -1 to flip a sign), got number 0'],
    ['scale as text', broken((m) => { m.fields.mass_kg = { column: 'g', scale: '0.001' }; }), 'Mapping invalid at $.fields.mass_kg.scale: expected a non-zero number (e.g. 0.001 for g → kg, -1 to flip a sign), got string "0.001"'],
    ['bad regex in cases', broken((m) => { m.fields.device = { column: 'd', cases: [{ match: '(net', value: 'NET' }] }; }), 'Mapping invalid at $.fields.device.cases[0].match: bad regular expression "(net": Invalid regular expression: /(net/i: Unterminated group'],
    ['bad regex in wide', broken((m) => { m.wide = { match: '[G', name: { category: {} }, value: { count: {} } }; }), 'Mapping invalid at $.wide.match: bad regular expression "[G": Invalid regular expression: /[G/i: Unterminated character class'],
    ['map value not text', broken((m) => { m.fields.device = { column: 'd', map: { net: ['MANTA'] } }; }), 'Mapping invalid at $.fields.device.map.net: expected a string, number or boolean, got an array'],
    ['duplicate map key', broken((m) => { m.fields.device = { column: 'd', map: { Net: 'MANTA', ' net': 'NEUSTON' } }; }), 'Mapping invalid at $.fields.device.map. net: duplicate key " net" (keys are compared trimmed and case-insensitively)'],
    ['otherwise without map', broken((m) => { m.fields.device = { column: 'd', otherwise: '' }; }), 'Mapping invalid at $.fields.device.otherwise: "otherwise" needs "map" or "cases"'],
    ['part without split', broken((m) => { m.fields.size_min_mm = { column: 'r', part: 1 }; }), 'Mapping invalid at $.fields.size_min_mm.part: "part" needs "split"'],
    ['occurrence 0', broken((m) => { m.fields.count = { column: '<5mm', occurrence: 0 }; }), 'Mapping invalid at $.fields.count.occurrence: expected an integer >= 1, got number 0'],
    ['negative index', broken((m) => { m.fields.count = { index: -1 }; }), 'Mapping invalid at $.fields.count.index: expected an integer >= 0, got number -1'],
    ['day without month', broken((m) => { m.fields.sampled_at = { date: 'ymd-columns', year: 'Y', day: 'D' }; }), 'Mapping invalid at $.fields.sampled_at.day: "day" needs "month"'],
    ['ymd without year', broken((m) => { m.fields.sampled_at = { date: 'ymd-columns', month: 'M' }; }), 'Mapping invalid at $.fields.sampled_at.year: expected a column name, a 0-based column index or {"column", "occurrence"}, got nothing'],
    ['empty column name', broken((m) => { m.fields.count = ''; }), 'Mapping invalid at $.fields.count: expected a column name, got an empty string'],
    ['bad template', broken((m) => { m.fields.sample_id = { template: '{Site|{Date}' }; }), 'Mapping invalid at $.fields.sample_id.template: "{" inside the placeholder "{Site|{Date}"; close each placeholder with "}"'],
    ['separator without join', broken((m) => { m.fields.notes = { template: '{A}', separator: ';' }; }), 'Mapping invalid at $.fields.notes.separator: "separator" belongs to "join"'],
    ['empty join', broken((m) => { m.fields.notes = { join: [] }; }), 'Mapping invalid at $.fields.notes.join: expected a non-empty array of templates, got an array'],
    ['join of a non-template', broken((m) => { m.fields.notes = { join: ['{A}', 3] }; }), 'Mapping invalid at $.fields.notes.join[1]: expected a template, got number 3'],
    ['coalesce of one', broken((m) => { m.fields.region = { coalesce: ['A'] }; }), 'Mapping invalid at $.fields.region.coalesce: expected an array of at least two field specs, got an array'],
    ['unknown allowEmpty field', broken((m) => { m.allowEmpty = ['sampled']; }), 'Mapping invalid at $.allowEmpty[0]: unknown canonical field "sampled" for kind microplastics; expected one of site_id, site_name, site_type, country, city, water_body, region, site_latitude, site_longitude, sample_id, sampled_at, sampled_until, matrix, device, mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, sample_latitude, sample_longitude, size_min_mm, size_max_mm, id_method, method_ref, notes, size_class, polymer, shape, colour, category, count, particle_mass_mg, concentration, concentration_unit, concentration_class, correction'],
    ['unknown skipIfEmpty field', broken((m) => { m.rows = [{ skipIfEmpty: ['conc'] }]; }), 'Mapping invalid at $.rows[0].skipIfEmpty[0]: unknown canonical field "conc" for kind microplastics; expected one of site_id, site_name, site_type, country, city, water_body, region, site_latitude, site_longitude, sample_id, sampled_at, sampled_until, matrix, device, mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, sample_latitude, sample_longitude, size_min_mm, size_max_mm, id_method, method_ref, notes, size_class, polymer, shape, colour, category, count, particle_mass_mg, concentration, concentration_unit, concentration_class, correction'],
    ['empty rows', broken((m) => { m.rows = []; }), 'Mapping invalid at $.rows: expected a non-empty array of row objects, got an array'],
    ['rows and wide', broken((m) => { m.rows = [{}]; m.wide = { match: 'x', value: { count: {} } }; }), 'Mapping invalid at $.wide: give "wide" inside each entry of "rows" when "rows" is used'],
    ['when with equals and matches', broken((m) => { m.rows = [{ when: { column: 'C', equals: 'No', matches: 'N' } }]; }), 'Mapping invalid at $.rows[0].when: expected exactly one of "equals" (a value or list of values) or "matches" (a regex)'],
    ['wide without value', broken((m) => { m.wide = { match: 'x', name: { shape: {} }, value: {} }; }), 'Mapping invalid at $.wide.value: expected at least one field set from the cell, e.g. {"count": {}}'],
    ['wide field from name and cell', broken((m) => { m.wide = { match: 'x', name: { count: {} }, value: { count: {} } }; }), 'Mapping invalid at $.wide.name.count: field "count" is set both from the column name and from the cell'],
    ['wide step spec with a source', broken((m) => { m.wide = { match: 'x', name: { shape: { column: 'y' } }, value: { count: {} } }; }), 'Mapping invalid at $.wide.name.shape.column: unknown key "column"; expected one of nullValues, transforms, split, part, map, cases, otherwise, date, offset, scale (or "comment")'],
    ['noRows value', broken((m) => { m.noRows = 'drop'; }), 'Mapping invalid at $.noRows: expected "error", "skip" or "keep", got string "drop"'],
    ['delimiter of two characters', broken((m) => { m.delimiter = ';;'; }), 'Mapping invalid at $.delimiter: expected one character (or "tab"), got ";;"'],
    ['skipLines negative', broken((m) => { m.skipLines = -2; }), 'Mapping invalid at $.skipLines: expected an integer >= 0, got number -2'],
    ['nullValues not a list', broken((m) => { m.nullValues = 'NA'; }), 'Mapping invalid at $.nullValues: expected an array of strings, got string "NA"'],
    ['unknown table', broken((m) => { m.table = 'event'; }), 'Mapping invalid at $.table: unknown table "event" for kind microplastics; expected one of row'],
  ];

  it.each(FAILING)('rejects: %s', (_what, mapping, message) => {
    const e = caught(() => parseMapping(mapping));
    expect(e.code).toBe('MAPPING_INVALID');
    expect(e.message).toBe(message);
  });

  it('mappingAllowEmpty validates too', () => {
    expect(caught(() => mappingAllowEmpty({ kind: 'x' })).code).toBe('MAPPING_INVALID');
  });

  it('accepts beach-litter and Darwin Core occurrence mappings', () => {
    expect(parseMapping({ kind: 'beach-litter', fields: { beach_id: 'B', survey_id: 'S', survey_date: 'D', is_monitoring: { const: false } } }).fields.is_monitoring.source).toEqual({ kind: 'const', value: 'false' });
    expect(parseMapping({ kind: 'occurrences', fields: { occurrenceID: 'id', scientificName: 'sp', basisOfRecord: { const: 'HumanObservation' } } }).table).toBe('occurrence');
  });
});
