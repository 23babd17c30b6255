// Test-only helpers (not exported from the index): fixtures, an offline
// JSON-LD document loader, and DCAT-AP 3.0.1 SHACL validation with the shapes
// in /work/shared/standards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { Dataset } from '@littoral/contracts';
import type { CatalogueEntryInput } from './types.js';

export const SHAPES_DIR = path.resolve(__dirname, '../../../../shared/standards/dcat-ap-3.0.1');

export function dataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    id: 'th-gulf',
    title: 'Sea-surface microplastics, Gulf of Thailand, 2024',
    description: 'Neuston-net tows; counts per m3, 0.3-5 mm, polymers by ATR-FTIR.',
    theme: 'microplastics',
    keywords: ['microplastics', 'neuston net', 'FTIR'],
    license: 'CC-BY-4.0',
    publisher: 'Department of Marine and Coastal Resources',
    contactName: 'Data desk',
    contactEmail: 'data@dmcr.example',
    conformsTo: ['http://hdl.handle.net/11329/1361.2', 'GESAMP 2019 guidelines'],
    declaredArea: { west: 99, south: 6, east: 103, north: 13.6 },
    createdAt: new Date('2025-01-10T00:00:00Z'),
    modifiedAt: new Date('2025-03-15T00:00:00Z'),
    ...overrides,
  };
}

export function entryInput(overrides: Partial<CatalogueEntryInput> = {}): CatalogueEntryInput {
  return {
    dataset: dataset(),
    country: 'TH',
    nodeId: 'th-node',
    nodeBaseUrl: 'https://node.th.example/',
    stats: {
      bbox: { west: 99.5, south: 6.25, east: 102.75, north: 13.1 },
      temporal: { start: '2024-01-15', end: '2024-11-30' },
      recordCount: 1234,
      sampleCount: 56,
      measuredVariables: ['polymer', 'concentration', 'size_class'],
      matrices: ['SW_SURF'],
    },
    access: [
      { level: 'AGGREGATE', audience: 'NETWORK' },
      { level: 'METADATA', audience: 'NETWORK' },
      { level: 'RECORDS', audience: 'COUNTRIES' },
    ],
    version: 3,
    issued: new Date('2025-02-01T00:00:00Z'),
    modified: new Date('2025-03-15T08:30:00Z'),
    ...overrides,
  };
}

export const HUB = {
  title: 'ASEAN+3 regional marine-plastics catalogue',
  description: 'Datasets of the national nodes, verified by the hub.',
  baseUrl: 'https://hub.littoral.example',
  publisher: 'Littoral hub secretariat',
  modified: new Date('2025-04-01T00:00:00Z'),
};

/** A document loader that refuses every remote context: expansion must work offline. */
export const offlineLoader = async (url: string): Promise<never> => {
  throw new Error(`remote context refused: ${url}`);
};

// Safe mode makes the processor fail instead of silently dropping a key that
// no context term maps, a relative IRI or a malformed value.
const OPTIONS = { documentLoader: offlineLoader, safe: true } as unknown as jsonld.Options.Expand;

/** Expands with a standard JSON-LD processor, offline and in safe mode. */
export async function expand(doc: unknown): Promise<Record<string, unknown>[]> {
  return (await jsonld.expand(doc as jsonld.JsonLdDocument, OPTIONS)) as Record<string, unknown>[];
}

/** Converts a JSON-LD document to an RDF graph (via N-Quads), offline and in safe mode. */
export async function toStore(doc: unknown): Promise<Store> {
  const options = { ...OPTIONS, format: 'application/n-quads' } as jsonld.Options.ToRdf;
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, options)) as unknown as string;
  return new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
}

let shapes: Store | undefined;
function shapesStore(): Store {
  if (!shapes) {
    shapes = new Store();
    for (const file of ['dcat-ap-SHACL.ttl', 'ranges.ttl']) {
      shapes.addQuads(new Parser({ format: 'Turtle' }).parse(fs.readFileSync(path.join(SHAPES_DIR, file), 'utf8')));
    }
  }
  return shapes;
}

export interface ShaclOutcome {
  conforms: boolean;
  violations: string[];
}

/** Validates a data graph against DCAT-AP 3.0.1 (+ ranges); violations as readable lines. */
export function validateDcatAp(data: Store): ShaclOutcome {
  const report = new SHACLValidator(shapesStore() as never).validate(data as never);
  const violations = report.results.map((r) => {
    const msg = r.message.map((m) => m.value).join(' ');
    const component = r.sourceConstraintComponent?.value.replace(/.*#/, '');
    return `${r.severity?.value.replace(/.*#/, '')} ${component}: focus ${r.focusNode?.value} path ${r.path?.value ?? '-'} ${msg} (shape ${r.sourceShape?.value.replace(/.*#/, '')})`;
  });
  return { conforms: report.conforms, violations };
}

export { caught } from '../../../test/support/caught';

/** Three entries of different themes and shapes, as the hub would hold them. */
export function sampleEntries(build: (input: CatalogueEntryInput) => Record<string, unknown>) {
  const base = entryInput();
  const th = build(base);
  const jp = build(
    entryInput({
      dataset: dataset({
        id: 'jp-beach-2024', title: 'Beach litter clean-ups, Okinawa 2024', theme: 'beach-litter', description: null, publisher: null,
        contactName: null, contactEmail: null, conformsTo: ['https://doi.org/10.2760/127473'], keywords: [], license: 'CC-BY-NC-4.0',
        declaredArea: null,
      }),
      country: 'JP',
      nodeId: 'jp-node',
      nodeBaseUrl: null,
      stats: {
        bbox: { west: 179.5, south: 24, east: -179.5, north: 27 },
        temporal: { start: '2024-04-01', end: '2024-04-01' },
        recordCount: 80, sampleCount: 4, measuredVariables: ['item_count'], surveyProtocols: ['ICC_CLEANUP'],
      },
      access: [{ level: 'METADATA', audience: 'NETWORK' }],
      version: 1,
    }),
  );
  const ph = build(
    entryInput({
      dataset: dataset({ id: 'ph-tubbataha', title: 'Tubbataha reef fish occurrences', theme: 'biodiversity', conformsTo: [], declaredArea: null }),
      country: 'PH',
      nodeId: 'ph-node',
      nodeBaseUrl: 'https://node.ph.example',
      stats: { bbox: null, temporal: null, recordCount: 0, sampleCount: 0, measuredVariables: [] },
      access: [],
      version: 12,
    }),
  );
  const verified = (entry: Record<string, unknown>, country: string, kid: string) => ({
    entry, signedBy: { country, kid }, verifiedAt: new Date('2025-03-16T09:00:00Z'),
  });
  return [verified(th, 'TH', 'kid-th-1'), verified(jp, 'JP', 'kid-jp-1'), verified(ph, 'PH', 'kid-ph-2')];
}
