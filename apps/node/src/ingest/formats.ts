import { readFile, stat } from 'node:fs/promises';
import { LittoralError, type ImportKind } from '@littoral/contracts';
import { canonicalFormat, dwcaFormat, mappingAllowEmpty, mappingFormat, nceiFormat, type FormatReader } from '@littoral/ingest';
import type { ImportFormat } from '@littoral/contracts';

/** Picks the format when the user gave none: archives are Darwin Core, the rest canonical CSV. */
export async function defaultFormat(kind: ImportKind, path: string): Promise<ImportFormat> {
  if (kind === 'occurrences') {
    const s = await stat(path).catch(() => null);
    if (s?.isDirectory() || path.toLowerCase().endsWith('.zip')) return 'dwca';
  }
  return 'canonical';
}

/** Opens the reader of a format; the `mapping` format reads its mapping file first. */
export async function openFormat(format: ImportFormat, kind: ImportKind, path: string, mappingPath?: string, encoding?: string): Promise<{ reader: FormatReader; allowEmpty: string[] }> {
  switch (format) {
    case 'canonical':
      return { reader: canonicalFormat({ path, kind, encoding }), allowEmpty: [] };
    case 'ncei': {
      if (kind !== 'microplastics') throw new LittoralError('IMPORT_KIND_MISMATCH', `format ncei holds microplastics data; got --kind ${kind}`);
      return { reader: nceiFormat({ path, kind, encoding }), allowEmpty: [] };
    }
    case 'dwca': {
      if (kind !== 'occurrences') throw new LittoralError('IMPORT_KIND_MISMATCH', `format dwca holds occurrences; got --kind ${kind}`);
      return { reader: dwcaFormat({ path, kind, encoding }), allowEmpty: [] };
    }
    case 'mapping': {
      if (!mappingPath) throw new LittoralError('MAPPING_INVALID', 'format mapping needs --mapping <file> (see docs/mapping-files.md and the files in mappings/)');
      let mapping: unknown;
      try {
        mapping = JSON.parse(await readFile(mappingPath, 'utf8'));
      } catch (e) {
        const err = e as { code?: string; message: string };
        throw new LittoralError('MAPPING_INVALID', err.code === 'ENOENT' ? `mapping file not found: ${mappingPath}` : `mapping file ${mappingPath} is not valid JSON: ${err.message}`);
      }
      const declared = (mapping as { kind?: string })?.kind;
      if (declared && declared !== kind) throw new LittoralError('IMPORT_KIND_MISMATCH', `mapping file ${mappingPath} is for kind ${declared}; got --kind ${kind}`);
      return { reader: mappingFormat({ path, kind, mapping, encoding }), allowEmpty: mappingAllowEmpty(mapping) };
    }
    default:
      throw new LittoralError('IMPORT_FORMAT_UNKNOWN', `unknown format "${format as string}"; expected canonical, ncei, dwca or mapping`);
  }
}
