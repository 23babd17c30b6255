import { buildCatalogueEntry, buildRegionalCatalogue } from './index.js';
import { HUB, sampleEntries, toStore, validateDcatAp, type ShaclOutcome } from './spec-helpers.js';

// The regional catalogue, as RDF, against the DCAT-AP 3.0.1 SHACL shapes and
// class ranges (SEMICeu/DCAT-AP releases/3.0.1/shacl, in /work/shared/standards).

// Received JSON, mutated freely by the failing cases.
type Mutable = Record<string, any>;

function catalogue(mutate: (c: Mutable) => void = () => undefined): Mutable {
  const c = JSON.parse(JSON.stringify(buildRegionalCatalogue(sampleEntries(buildCatalogueEntry), HUB))) as Mutable;
  mutate(c);
  return c;
}

function expectConforms(outcome: ShaclOutcome): void {
  if (!outcome.conforms) throw new Error(`DCAT-AP 3.0.1 violations:\n${outcome.violations.join('\n')}`);
  expect(outcome.violations).toEqual([]);
}

describe('DCAT-AP 3.0.1 SHACL conformance', () => {
  jest.setTimeout(30_000);

  it('the regional catalogue conforms', async () => {
    expectConforms(validateDcatAp(await toStore(catalogue())));
  });

  it('an empty regional catalogue conforms', async () => {
    expectConforms(validateDcatAp(await toStore(buildRegionalCatalogue([], HUB))));
  });

  it('each entry on its own conforms', async () => {
    for (const { entry } of sampleEntries(buildCatalogueEntry)) expectConforms(validateDcatAp(await toStore(entry)));
  });

  it.each<[string, (c: Mutable) => void, RegExp]>([
    ['a dataset without title', (c) => delete c.dataset[0].title, /MinCount.*focus urn:littoral:dataset:JP:jp-beach-2024 path http:\/\/purl.org\/dc\/terms\/title/],
    ['a catalogue without publisher', (c) => delete c.publisher, /MinCount.*focus https:\/\/hub.littoral.example\/catalog path http:\/\/purl.org\/dc\/terms\/publisher/],
    ['a distribution without access URL', (c) => delete c.dataset[2].distribution[0].accessURL, /MinCount.*path http:\/\/www.w3.org\/ns\/dcat#accessURL/],
    ['a publisher without name', (c) => delete c.dataset[1].publisher.name, /MinCount.*path http:\/\/xmlns.com\/foaf\/0.1\/name/],
    ['themes not declared as skos:Concept', (c) => { for (const d of c.dataset) for (const t of d.theme) delete t['@type']; }, /ClassConstraintComponent.*path http:\/\/www.w3.org\/ns\/dcat#theme/],
    ['a record whose topic is not a dcat:Resource', (c) => { c.record[0].primaryTopic = c.record[0].primaryTopic['@id']; }, /ClassConstraintComponent.*path http:\/\/xmlns.com\/foaf\/0.1\/primaryTopic/],
  ])('the validator catches %s', async (_label, mutate, violation) => {
    const outcome = validateDcatAp(await toStore(catalogue(mutate)));
    expect(outcome.conforms).toBe(false);
    expect(outcome.violations.join('\n')).toMatch(violation);
  });
});
