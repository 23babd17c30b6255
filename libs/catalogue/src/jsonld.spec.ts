import type { Quad } from 'n3';
import { buildCatalogueEntry, buildRegionalCatalogue } from './index.js';
import { HUB, entryInput, expand, sampleEntries, toStore } from './spec-helpers.js';

// Standard JSON-LD processing (jsonld.js, offline, safe mode) of what nodes sign
// and what the hub serves at /catalog.jsonld.

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const LIT = 'https://w3id.org/littoral/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const ENTRY_PREDICATES = [
  RDF_TYPE, `${DCT}identifier`, `${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${FOAF}name`, `${DCAT}contactPoint`,
  `${VCARD}fn`, `${VCARD}hasEmail`, `${DCAT}theme`, `${SKOS}prefLabel`, `${SKOS}inScheme`, `${SKOS}notation`, `${SKOS}broader`,
  `${DCAT}keyword`, `${DCT}license`, `${DCT}conformsTo`, `${DCT}spatial`, `${DCAT}bbox`, `${DCT}temporal`, `${DCAT}startDate`,
  `${DCAT}endDate`, `${DCT}accessRights`, `${DCAT}version`, `${DCT}issued`, `${DCT}modified`, `${DCAT}distribution`,
  `${DCAT}accessURL`, `${LIT}country`, `${LIT}datasetId`, `${LIT}nodeId`, `${LIT}version`, `${LIT}recordCount`,
  `${LIT}sampleCount`, `${LIT}measuredVariable`, `${LIT}accessSummary`, `${LIT}accessLevel`, `${LIT}audienceClass`,
];

function objectsOf(quads: Quad[], subject: string, predicate: string): Quad['object'][] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object);
}

describe('JSON-LD processing', () => {
  const entry = buildCatalogueEntry(entryInput());
  const id = 'urn:littoral:dataset:TH:th-gulf';

  it('expands every sample entry offline without error', async () => {
    for (const { entry: e } of sampleEntries(buildCatalogueEntry)) {
      const expanded = await expand(e);
      expect(expanded).toHaveLength(1);
      expect(expanded[0]['@type']).toEqual([`${DCAT}Dataset`]);
    }
  });

  it('produces the expected DCAT, vCard, SKOS and Littoral predicates', async () => {
    const quads = (await toStore(entry)).getQuads(null, null, null, null);
    const predicates = new Set(quads.map((q) => q.predicate.value));
    expect([...predicates].sort()).toEqual([...ENTRY_PREDICATES].sort());
  });

  it('types literals as DCAT-AP expects', async () => {
    const quads = (await toStore(entry)).getQuads(null, null, null, null);
    const [title] = objectsOf(quads, id, `${DCT}title`);
    expect(title).toMatchObject({ termType: 'Literal', value: 'Sea-surface microplastics, Gulf of Thailand, 2024', language: 'en' });
    const [issued] = objectsOf(quads, id, `${DCT}issued`);
    expect(issued).toMatchObject({ value: '2025-02-01T00:00:00.000Z', datatype: { value: `${XSD}dateTime` } });
    const [version] = objectsOf(quads, id, `${DCAT}version`);
    expect(version).toMatchObject({ value: '3', datatype: { value: `${XSD}string` } });
    const [n] = objectsOf(quads, id, `${LIT}version`);
    expect(n).toMatchObject({ value: '3', datatype: { value: `${XSD}integer` } });
    const [count] = objectsOf(quads, id, `${LIT}recordCount`);
    expect(count).toMatchObject({ value: '1234', datatype: { value: `${XSD}nonNegativeInteger` } });
    const [location] = objectsOf(quads, id, `${DCT}spatial`);
    expect(objectsOf(quads, location.value, `${DCAT}bbox`)[0]).toMatchObject({
      value: 'POLYGON((99.5 6.25,102.75 6.25,102.75 13.1,99.5 13.1,99.5 6.25))',
      datatype: { value: 'http://www.opengis.net/ont/geosparql#wktLiteral' },
    });
    const [period] = objectsOf(quads, id, `${DCT}temporal`);
    expect(objectsOf(quads, period.value, `${DCAT}startDate`)[0]).toMatchObject({ value: '2024-01-15', datatype: { value: `${XSD}date` } });
    expect(objectsOf(quads, id, `${DCT}license`)[0]).toMatchObject({ termType: 'NamedNode', value: 'https://creativecommons.org/licenses/by/4.0/' });
    const [distribution] = objectsOf(quads, id, `${DCAT}distribution`);
    expect(objectsOf(quads, distribution.value, `${DCAT}accessURL`)[0]).toMatchObject({ termType: 'NamedNode', value: 'https://node.th.example/graphql' });
    expect(objectsOf(quads, distribution.value, `${DCT}license`)[0].value).toBe('https://creativecommons.org/licenses/by/4.0/');
  });

  it('expands the regional catalogue offline and links datasets and records', async () => {
    const catalogue = buildRegionalCatalogue(sampleEntries(buildCatalogueEntry), HUB);
    const expanded = await expand(catalogue);
    expect(expanded[0]['@type']).toEqual([`${DCAT}Catalog`]);
    const quads = (await toStore(catalogue)).getQuads(null, null, null, null);
    const cat = 'https://hub.littoral.example/catalog';
    expect(objectsOf(quads, cat, `${DCAT}dataset`).map((o) => o.value).sort()).toEqual([
      'urn:littoral:dataset:JP:jp-beach-2024', 'urn:littoral:dataset:PH:ph-tubbataha', id,
    ]);
    const records = objectsOf(quads, cat, `${DCAT}record`);
    expect(records).toHaveLength(3);
    const th = `${cat}#record-TH-th-gulf`;
    expect(objectsOf(quads, th, `${FOAF}primaryTopic`)[0].value).toBe(id);
    expect(objectsOf(quads, th, `${LIT}signatureKeyId`)[0].value).toBe('kid-th-1');
    expect(objectsOf(quads, th, `${LIT}verifiedAt`)[0]).toMatchObject({ value: '2025-03-16T09:00:00.000Z', datatype: { value: `${XSD}dateTime` } });
  });

  it('the harness refuses remote contexts and keys no term maps (so the passes above mean something)', async () => {
    await expect(expand({ '@context': 'https://example.org/context.jsonld', title: 'x' })).rejects.toMatchObject({
      details: { cause: { message: 'remote context refused: https://example.org/context.jsonld' } },
    });
    await expect(expand({ ...entry, notATerm: 1 })).rejects.toMatchObject({ details: { event: { code: 'invalid property' } } });
  });
});
