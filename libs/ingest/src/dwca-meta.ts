import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LittoralError } from '@littoral/contracts';

/** Canonical Darwin Core tables an `occurrences` import fills. */
export type DwcTable = 'event' | 'occurrence' | 'measurement';

/** One `<field>` of a meta.xml table. */
export interface MetaField {
  term: string;
  index?: number;
  default?: string;
}

/** One `<core>` or `<extension>` of a meta.xml, with the text-file settings resolved. */
export interface MetaTable {
  rowType: string;
  /** Member file, relative to the archive root (first `<location>`). */
  location: string;
  delimiter: string;
  /** Quote character, or false for none (`fieldsEnclosedBy=""`). */
  quote: string | false;
  ignoreHeaderLines: number;
  encoding: string;
  /** `<id index>` of the core or `<coreid index>` of an extension. */
  idIndex?: number;
  fields: MetaField[];
}

export interface ArchiveMeta {
  core: MetaTable;
  extensions: MetaTable[];
}

const ROW_TYPES: Readonly<Record<string, DwcTable>> = {
  'http://rs.tdwg.org/dwc/terms/occurrence': 'occurrence',
  'http://rs.tdwg.org/dwc/terms/event': 'event',
  'http://rs.iobis.org/obis/terms/extendedmeasurementorfact': 'measurement',
  'http://rs.tdwg.org/dwc/terms/measurementorfact': 'measurement',
};

/** The canonical table of a row type URI, or undefined for row types we do not import (Taxon, Multimedia …). */
export function tableOfRowType(rowType: string): DwcTable | undefined {
  return ROW_TYPES[rowType.trim().toLowerCase()];
}

/** Local name of a term URI or prefixed name: `http://purl.org/dc/terms/type` → `type`, `dwc:eventID` → `eventID`. */
export function localName(term: string): string {
  const t = term.trim();
  return t.slice(Math.max(t.lastIndexOf('/'), t.lastIndexOf('#'), t.lastIndexOf(':')) + 1);
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Attribute values such as fieldsTerminatedBy="&#9;" or " " must not be trimmed.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === 'extension' || name === 'field' || name === 'location',
});

/**
 * Parses a Darwin Core text meta.xml (https://dwc.tdwg.org/text/). Attribute
 * defaults follow that guide: fieldsTerminatedBy ",", fieldsEnclosedBy '"',
 * ignoreHeaderLines 0, encoding UTF-8. `label` names the file in errors.
 */
export function parseMeta(xml: string, label: string): ArchiveMeta {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw unreadable(`${label} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (e) {
    throw unreadable(`${label} cannot be parsed: ${(e as Error).message}`);
  }
  // An <archive> holding only whitespace parses as a string.
  const archive = typeof doc['archive'] === 'string' ? {} : doc['archive'];
  if (!isNode(archive)) throw unreadable(`${label} has no <archive> root element; expected a Darwin Core text meta.xml`);
  const core = archive['core'];
  if (!isNode(core)) throw unreadable(`${label} has no <core> element`);
  const extensions = Array.isArray(archive['extension']) ? archive['extension'] : [];
  return {
    core: metaTable(core, 'core', 'id', label),
    extensions: extensions.filter(isNode).map((x, i) => metaTable(x, `extension #${i + 1}`, 'coreid', label)),
  };
}

function metaTable(node: XmlNode, what: string, idElement: 'id' | 'coreid', label: string): MetaTable {
  const rowType = attr(node, 'rowType')?.trim() ?? '';
  const where = `${label} <${what === 'core' ? 'core' : 'extension'}${rowType ? ` rowType="${rowType}"` : ''}>`;
  const files = node['files'];
  const locations = isNode(files) && Array.isArray(files['location']) ? files['location'] : [];
  const location = locations.map(text).map((l) => l.trim()).find((l) => l !== '');
  if (!location) throw unreadable(`${where} names no data file; expected <files><location>…</location></files>`);
  const delimiter = unescape(attr(node, 'fieldsTerminatedBy') ?? ',');
  if (delimiter === '') throw unreadable(`${where}: fieldsTerminatedBy is empty; expected a delimiter such as "\\t" or ","`);
  const enclosed = attr(node, 'fieldsEnclosedBy');
  const quote = enclosed === undefined ? '"' : unescape(enclosed);
  const id = node[idElement];
  const fields = (Array.isArray(node['field']) ? node['field'] : []).filter(isNode).map((f): MetaField => {
    const term = attr(f, 'term')?.trim() ?? '';
    const index = attr(f, 'index');
    const def = attr(f, 'default');
    return {
      term,
      ...(index !== undefined ? { index: integer(index, `${where} <field term="${term}"> index`) } : {}),
      ...(def !== undefined ? { default: def } : {}),
    };
  });
  const idIndex = isNode(id) ? attr(id, 'index') : undefined;
  return {
    rowType,
    location: location.replace(/^\.\//, ''),
    delimiter,
    quote: quote === '' ? false : quote,
    ignoreHeaderLines: integer(attr(node, 'ignoreHeaderLines') ?? '0', `${where} ignoreHeaderLines`),
    encoding: attr(node, 'encoding')?.trim() || 'UTF-8',
    ...(idIndex !== undefined ? { idIndex: integer(idIndex, `${where} <${idElement}> index`) } : {}),
    fields: fields.filter((f) => f.term !== ''),
  };
}

/** meta.xml writers escape control characters C-style: "\t" means a tab. */
function unescape(s: string): string {
  const map: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };
  return s.replace(/\\([tnr\\])/g, (_m, c: string) => map[c]!);
}

function integer(s: string, what: string): number {
  const t = s.trim();
  if (!/^\d+$/.test(t)) throw unreadable(`${what} is "${s}"; expected a whole number >= 0`);
  return Number(t);
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[name];
  return typeof v === 'string' ? v : undefined;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  return '';
}

function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unreadable(message: string): LittoralError {
  return new LittoralError('IMPORT_FILE_UNREADABLE', message);
}
