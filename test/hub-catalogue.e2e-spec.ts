import { spawn, type ChildProcess } from 'node:child_process';
import { toStore, validateDcatAp } from '../libs/catalogue/src/spec-helpers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { CompactSign } from 'jose';
import jsonld from 'jsonld';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { activeKey, generateKeyFile, JWS_TYPES, publicJwks, rotateKeyFile, signJws, type KeyFile, type StoredKey } from '@littoral/crypto';
import { buildCatalogueEntry, buildTombstone, type CatalogueEntry } from '@littoral/catalogue';
import type { BoundingBox, Theme } from '@littoral/contracts';
import { catalogueSubject, ensureCatalogueStream, keySubject, type CatalogueStreamNames } from '@littoral/messaging';
import { startHub, type StartedHub } from '../apps/hub/src';
import type { TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, type TestIssuer } from './support/auth';

// The hub's catalogue consumer end to end, on the machine's real NATS and
// Postgres: nodes are simulated by signing entries with the crypto library and
// publishing them straight to JetStream. Stream, subject prefix and consumer
// are unique to this file and deleted afterwards.

const NATS_URL = 'nats://127.0.0.1:4222';
const MAX_BYTES = 16_384;

interface GqlError {
  message: string;
  extensions: { code: string; details?: Record<string, unknown> };
}
interface GqlResponse<T = any> {
  data?: T;
  errors?: GqlError[];
}

const DATASET_FIELDS = `id country datasetId version title description themes keywords withdrawn withdrawnAt verifiedAt receivedAt jsonLd jws
  spatial { west south east north } temporal { start end } signedBy { country kid issuedAt }`;

interface DatasetView {
  id: string;
  country: string;
  datasetId: string;
  version: number;
  title: string;
  themes: string[];
  keywords: string[];
  withdrawn: boolean;
  verifiedAt: string;
  jsonLd: string;
  jws: string;
  spatial: BoundingBox | null;
  temporal: { start: string; end: string } | null;
  signedBy: { country: string; kid: string; issuedAt: string };
}

interface EntryOptions {
  title?: string;
  theme?: Theme;
  keywords?: string[];
  description?: string;
  bbox?: BoundingBox;
  temporal?: { start: string; end: string };
}

const T0 = new Date('2025-01-01T00:00:00Z');

/** A catalogue entry as a node builds it (the catalogue library checks it on the way out). */
function entryFor(country: string, datasetId: string, version: number, o: EntryOptions = {}): CatalogueEntry {
  return buildCatalogueEntry({
    dataset: {
      id: datasetId,
      title: o.title ?? `${country} dataset ${datasetId}`,
      description: o.description ?? null,
      theme: o.theme ?? 'microplastics',
      keywords: o.keywords ?? ['microplastics'],
      license: 'CC-BY-4.0',
      publisher: null,
      contactName: null,
      contactEmail: null,
      conformsTo: [],
      declaredArea: null,
      createdAt: T0,
      modifiedAt: T0,
    },
    country,
    nodeId: `${country.toLowerCase()}-node`,
    nodeBaseUrl: `https://node.${country.toLowerCase()}.example`,
    stats: {
      bbox: o.bbox ?? { west: 99.5, south: 6.25, east: 102.75, north: 13.1 },
      temporal: o.temporal ?? { start: '2024-01-15', end: '2024-11-30' },
      recordCount: 12,
      sampleCount: 3,
      measuredVariables: ['count'],
      matrices: (o.theme ?? 'microplastics') === 'microplastics' ? ['SW_SURF'] : [],
    },
    access: [{ level: 'METADATA', audience: 'NETWORK' }],
    version,
    issued: T0,
    modified: T0,
  });
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('hub: regional catalogue from signed entries', () => {
  const tag = randomBytes(4).toString('hex');
  const names: CatalogueStreamNames = { prefix: `lthub${tag}`, stream: `LTHUB${tag.toUpperCase()}_CATALOG` };
  const consumerName = `hub-test-${tag}`;
  let db: TestDatabase;
  let hub: StartedHub | undefined;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let sql: Client;
  let msgCounter = 0;
  const keys: Record<string, KeyFile> = {};
  let issuer: TestIssuer;

  const env = (database: TestDatabase): Record<string, string> => ({
    ...issuer.env,
    DATABASE_URL: database.url,
    NATS_URL,
    PORT: '0',
    LOG_LEVEL: 'silent',
    LITTORAL_STREAM_PREFIX: names.prefix,
    LITTORAL_CATALOGUE_STREAM: names.stream,
    HUB_CONSUMER_NAME: consumerName,
    HUB_MAX_MESSAGE_BYTES: String(MAX_BYTES),
    HUB_PUBLIC_URL: 'https://hub.littoral.example',
  });

  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> {
    const res = await request(hub!.url).post('/graphql').set('Authorization', await issuer.staff()).send({ query, variables });
    return res.body as GqlResponse<T>;
  }
  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await gql<T>(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  }
  async function fails(query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
    const body = await gql(query, variables);
    expect(body.errors).toHaveLength(1);
    return body.errors![0];
  }

  /** Publishes raw bytes on a subject; returns the stream sequence. A fresh Nats-Msg-Id each time, so replays are not de-duplicated away. */
  async function publish(subject: string, data: string | Uint8Array): Promise<number> {
    const ack = await js.publish(subject, data, { msgID: `test-${tag}-${++msgCounter}` });
    return ack.seq;
  }

  /** Waits, with a deadline, until the hub's consumer has handled stream sequence `seq`. */
  async function processed(seq: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(hub!.url).get('/health');
      const last = res.body?.catalogueConsumer?.lastSequence as number | null;
      if (last !== null && last >= seq) return;
      if (Date.now() > deadline) throw new Error(`the hub did not handle message ${seq} in ${timeoutMs} ms (last ${last})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function publishEntry(country: string, datasetId: string, version: number, o: EntryOptions = {}, key: StoredKey = activeKey(keys[country])): Promise<number> {
    const jws = await signJws(entryFor(country, datasetId, version, o), JWS_TYPES.catalogue, key, { iss: country }, new Date());
    const seq = await publish(catalogueSubject(names, country, datasetId), jws);
    await processed(seq);
    return seq;
  }

  async function dataset(id: string): Promise<DatasetView | null> {
    const body = await gql<{ dataset: DatasetView }>(`query ($id: ID!) { dataset(id: $id) { ${DATASET_FIELDS} } }`, { id });
    return body.data?.dataset ?? null;
  }

  async function listed(filter: Record<string, unknown> = {}): Promise<string[]> {
    const data = await ok<{ datasets: { edges: { node: DatasetView }[] } }>(
      `query ($filter: DatasetFilter) { datasets(filter: $filter, first: 500) { edges { node { id } } } }`,
      { filter },
    );
    return data.datasets.edges.map((e) => e.node.id);
  }

  /** The security event recorded for stream sequence `seq`. */
  async function eventFor(seq: number): Promise<{ kind: string; reason_code: string | null; country: string | null; detail: string; kid: string | null }> {
    const res = await sql.query(`SELECT kind, reason_code, country, detail, kid FROM security_event WHERE msg_seq = $1`, [seq]);
    expect(res.rows).toHaveLength(1);
    return res.rows[0];
  }

  async function addMember(country: string, kf: KeyFile): Promise<void> {
    await ok(`mutation ($input: AddMemberInput!) { addMember(input: $input) { country } }`, {
      input: { country, nodeId: `${country.toLowerCase()}-node`, displayName: `Node of ${country}`, jwks: JSON.stringify(publicJwks(kf)) },
    });
  }

  beforeAll(async () => {
    issuer = await createHubTestIssuer();
    db = await createHubTestDatabase('hub_catalogue');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    nc = await connect({ servers: NATS_URL });
    js = jetstream(nc);
    await ensureCatalogueStream(nc, names);
    for (const c of ['TH', 'JP', 'KR', 'MY', 'VN']) keys[c] = await generateKeyFile(c, new Date());
    hub = await startHub(env(db));
  });

  afterAll(async () => {
    await hub?.app.close();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await nc?.close();
    await sql?.end();
    await db?.drop();
    await issuer?.cleanup();
  });

  describe('member registry (GraphQL)', () => {
    const ADD = `mutation ($input: AddMemberInput!) { addMember(input: $input) { country nodeId displayName status entryCount lastSeenAt keyIds keys { kid state source } } }`;

    it('adds members with the keys of their JWKS, without a restart', async () => {
      const data = await ok(ADD, { input: { country: 'TH', nodeId: 'th-node', displayName: 'Thailand', jwks: JSON.stringify(publicJwks(keys.TH)) } });
      expect(data.addMember).toEqual({
        country: 'TH', nodeId: 'th-node', displayName: 'Thailand', status: 'ACTIVE', entryCount: 0, lastSeenAt: null,
        keyIds: [activeKey(keys.TH).kid], keys: [{ kid: activeKey(keys.TH).kid, state: 'ACTIVE', source: 'ADMIN' }],
      });
      for (const c of ['JP', 'KR', 'MY']) await addMember(c, keys[c]);
      const nodes = await ok<{ nodes: { country: string }[] }>(`{ nodes { country } }`);
      expect(nodes.nodes.map((n) => n.country)).toEqual(['JP', 'KR', 'MY', 'TH']);
    });

    it.each([
      ['a country outside LITTORAL_MEMBERS', { country: 'FR', nodeId: 'fr-node' }, 'INPUT_INVALID', /FR is not a network member/],
      ['a country already registered', { country: 'TH', nodeId: 'th-node-2' }, 'MEMBER_ALREADY_EXISTS', /TH is already a member/],
      ['a node id already used', { country: 'PH', nodeId: 'th-node' }, 'MEMBER_ALREADY_EXISTS', /node id th-node is already used by TH/],
      ['a key already registered for another member', { country: 'PH', nodeId: 'ph-node', jwks: 'TH' }, 'INPUT_INVALID', /already registered \(for TH\)/],
      ['private key material', { country: 'PH', nodeId: 'ph-node', jwks: 'private' }, 'INPUT_INVALID', /holds private key material \(d\)/],
      ['a JWKS without keys', { country: 'PH', nodeId: 'ph-node', jwks: '{"keys":[]}' }, 'INPUT_INVALID', /holds no key/],
      ['text that is not JSON', { country: 'PH', nodeId: 'ph-node', jwks: 'not json' }, 'INPUT_INVALID', /jwks is not JSON/],
    ])('refuses %s', async (_case, input: Record<string, string>, code, message) => {
      let jwks = JSON.stringify(publicJwks(keys.VN));
      if (input.jwks === 'TH') jwks = JSON.stringify(publicJwks(keys.TH));
      else if (input.jwks === 'private') jwks = JSON.stringify({ keys: [activeKey(keys.VN).privateJwk] });
      else if (input.jwks) jwks = input.jwks;
      const error = await fails(ADD, { input: { displayName: 'Someone', ...input, jwks } });
      expect(error.extensions.code).toBe(code);
      expect(error.message).toMatch(message);
      // Never echoes key material.
      expect(error.message).not.toContain(String(activeKey(keys.VN).privateJwk.d));
    });
  });

  describe('verified entries', () => {
    it('stores a signed entry and shows who signed it, with which key, and when it was verified', async () => {
      const before = Date.now();
      await publishEntry('TH', 'th-gulf', 1, { title: 'Gulf of Thailand surface trawls', keywords: ['manta', 'surface'] });
      const d = await dataset('urn:littoral:dataset:TH:th-gulf');
      expect(d).toMatchObject({
        id: 'urn:littoral:dataset:TH:th-gulf', country: 'TH', datasetId: 'th-gulf', version: 1, title: 'Gulf of Thailand surface trawls',
        keywords: ['manta', 'surface'], withdrawn: false, spatial: { west: 99.5, south: 6.25, east: 102.75, north: 13.1 },
        temporal: { start: '2024-01-15', end: '2024-11-30' }, signedBy: { country: 'TH', kid: activeKey(keys.TH).kid },
      });
      expect(Date.parse(d!.verifiedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(d!.themes).toContain('http://publications.europa.eu/resource/authority/data-theme/ENVI');
      expect(JSON.parse(d!.jsonLd)).toMatchObject({ '@type': 'Dataset', identifier: 'urn:littoral:dataset:TH:th-gulf', versionNumber: 1 });
      expect(d!.jws.split('.')).toHaveLength(3);

      const nodes = await ok<{ nodes: { country: string; entryCount: number; lastSeenAt: string | null }[] }>(`{ nodes { country entryCount lastSeenAt } }`);
      const th = nodes.nodes.find((n) => n.country === 'TH')!;
      expect(th.entryCount).toBe(1);
      expect(Date.parse(th.lastSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('replaces an entry with a newer version', async () => {
      await publishEntry('TH', 'th-gulf', 2, { title: 'Gulf of Thailand surface trawls', keywords: ['manta', 'surface'] });
      expect((await dataset('urn:littoral:dataset:TH:th-gulf'))!.version).toBe(2);
    });

    it('filters by country, theme, text, area and period, and pages', async () => {
      await publishEntry('TH', 'th-beach', 1, { theme: 'beach-litter', title: 'Phuket clean-ups', keywords: ['cleanup'], bbox: { west: 98.2, south: 7.7, east: 98.5, north: 8.2 }, temporal: { start: '2023-01-01', end: '2023-06-30' } });
      await publishEntry('JP', 'jp-tokyo', 1, { title: 'Tokyo Bay microplastics', bbox: { west: 139.6, south: 35.2, east: 140.1, north: 35.7 }, temporal: { start: '2022-04-01', end: '2023-03-31' } });
      await publishEntry('JP', 'jp-pacific', 1, { theme: 'biodiversity', title: 'Pacific transect occurrences', keywords: ['occurrence'], bbox: { west: 170, south: 20, east: -170, north: 30 }, temporal: { start: '2021-01-01', end: '2021-12-31' } });
      const TH_GULF = 'urn:littoral:dataset:TH:th-gulf';
      const TH_BEACH = 'urn:littoral:dataset:TH:th-beach';
      const JP_TOKYO = 'urn:littoral:dataset:JP:jp-tokyo';
      const JP_PACIFIC = 'urn:littoral:dataset:JP:jp-pacific';

      expect(await listed()).toEqual([JP_PACIFIC, JP_TOKYO, TH_BEACH, TH_GULF]);
      expect(await listed({ countries: ['th'] })).toEqual([TH_BEACH, TH_GULF]);
      expect(await listed({ themes: ['BEACH_LITTER'] })).toEqual([TH_BEACH]);
      expect(await listed({ themes: ['https://w3id.org/littoral/theme/MICROPLASTICS', 'BIODIVERSITY'] })).toEqual([JP_PACIFIC, JP_TOKYO, TH_GULF]);
      expect(await listed({ text: 'tokyo BAY' })).toEqual([JP_TOKYO]);
      expect(await listed({ text: 'manta' })).toEqual([TH_GULF]);
      expect(await listed({ text: '100%' })).toEqual([]);
      expect(await listed({ bbox: { west: 98, south: 5, east: 104, north: 14 } })).toEqual([TH_BEACH, TH_GULF]);
      // Across the antimeridian, from either side.
      expect(await listed({ bbox: { west: 175, south: 25, east: -175, north: 26 } })).toEqual([JP_PACIFIC]);
      expect(await listed({ bbox: { west: -179, south: 0, east: -100, north: 40 } })).toEqual([JP_PACIFIC]);
      expect(await listed({ from: '2023-01-01', to: '2023-12-31' })).toEqual([JP_TOKYO, TH_BEACH]);
      expect(await listed({ countries: ['JP'], from: '2022-01-01' })).toEqual([JP_TOKYO]);

      const first = await ok(`{ datasets(first: 2) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
      expect(first.datasets.totalCount).toBe(4);
      expect(first.datasets.edges.map((e: any) => e.node.id)).toEqual([JP_PACIFIC, JP_TOKYO]);
      const second = await ok(`query ($after: String) { datasets(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, { after: first.datasets.pageInfo.endCursor });
      expect(second.datasets.edges.map((e: any) => e.node.id)).toEqual([TH_BEACH, TH_GULF]);
      expect(second.datasets.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      [{ countries: ['Atlantis'] }, 'filter.countries[0]'],
      [{ from: '2024-02-30' }, 'filter.from'],
      [{ from: '2024-05-01', to: '2024-01-01' }, 'filter'],
      [{ bbox: { west: 0, south: 10, east: 1, north: 5 } }, 'filter.bbox'],
      [{ text: '   ' }, 'filter.text'],
    ])('refuses the filter %j naming the argument', async (filter, argument) => {
      const error = await fails(`query ($filter: DatasetFilter) { datasets(filter: $filter) { totalCount } }`, { filter });
      expect(error.extensions).toMatchObject({ code: 'INPUT_INVALID', details: { argument } });
    });

    it('answers DATASET_NOT_FOUND for an identifier it does not hold', async () => {
      const error = await fails(`{ dataset(id: "urn:littoral:dataset:TH:nope") { id } }`);
      expect(error.extensions.code).toBe('DATASET_NOT_FOUND');
    });
  });

  describe('refused messages: recorded, and the stored entry is untouched', () => {
    const TH_GULF = 'urn:littoral:dataset:TH:th-gulf';
    const otherTh = generateKeyFile('TH', new Date());
    const revokedTh = generateKeyFile('TH', new Date());

    beforeAll(async () => {
      // A second TH key, trusted and then revoked by an administrator.
      const revoked = activeKey(await revokedTh);
      await ok(`mutation ($input: AddMemberKeyInput!) { addMemberKey(input: $input) { kid } }`, {
        input: { country: 'TH', jwk: JSON.stringify(revoked.publicJwk) },
      });
      const data = await ok(`mutation ($kid: String!) { revokeKey(kid: $kid) { kid state revokedAt } }`, { kid: revoked.kid });
      expect(data.revokeKey).toMatchObject({ kid: revoked.kid, state: 'REVOKED' });
    });

    type Case = [string, string, () => Promise<{ subject: string; data: string | Uint8Array }>];
    const thSubject = () => catalogueSubject(names, 'TH', 'th-gulf');
    const signedTh = (entry: Record<string, unknown>, typ: (typeof JWS_TYPES)[keyof typeof JWS_TYPES] = JWS_TYPES.catalogue, iss = 'TH') =>
      signJws(entry, typ, activeKey(keys.TH), { iss }, new Date());

    const cases: Case[] = [
      ['an unregistered member (VN)', 'MEMBER_UNKNOWN', async () => ({
        subject: catalogueSubject(names, 'VN', 'vn-delta'),
        data: await signJws(entryFor('VN', 'vn-delta', 1), JWS_TYPES.catalogue, activeKey(keys.VN), { iss: 'VN' }, new Date()),
      })],
      ['a country outside LITTORAL_MEMBERS (US)', 'MEMBER_UNKNOWN', async () => ({
        subject: catalogueSubject(names, 'US', 'us-x'),
        data: await signJws(entryFor('US', 'us-x', 1), JWS_TYPES.catalogue, activeKey(keys.VN), { iss: 'US' }, new Date()),
      })],
      ['a key the hub does not know', 'KEY_UNKNOWN', async () => ({
        subject: thSubject(),
        data: await signJws(entryFor('TH', 'th-gulf', 10), JWS_TYPES.catalogue, activeKey(await otherTh), { iss: 'TH' }, new Date()),
      })],
      ['a revoked key', 'KEY_REVOKED', async () => ({
        subject: thSubject(),
        data: await signJws(entryFor('TH', 'th-gulf', 10), JWS_TYPES.catalogue, activeKey(await revokedTh), { iss: 'TH' }, new Date()),
      })],
      ['a tampered payload (bad signature)', 'SIGNATURE_INVALID', async () => {
        const [h, p, s] = (await signedTh(entryFor('TH', 'th-gulf', 10))).split('.');
        const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
        payload.title = { en: 'Nothing to see here' };
        return { subject: thSubject(), data: `${h}.${b64(payload)}.${s}` };
      }],
      ['alg none', 'ALG_NOT_ALLOWED', async () => {
        const payload = { ...entryFor('TH', 'th-gulf', 10), iss: 'TH', iat: Math.floor(Date.now() / 1000) };
        return { subject: thSubject(), data: `${b64({ alg: 'none', typ: JWS_TYPES.catalogue, kid: activeKey(keys.TH).kid })}.${b64(payload)}.AAAA` };
      }],
      ['alg none with an empty signature', 'ALG_NOT_ALLOWED', async () => {
        const payload = { ...entryFor('TH', 'th-gulf', 10), iss: 'TH', iat: Math.floor(Date.now() / 1000) };
        return { subject: thSubject(), data: `${b64({ alg: 'none', typ: JWS_TYPES.catalogue, kid: activeKey(keys.TH).kid })}.${b64(payload)}.` };
      }],
      ['HS256 keyed with the public key (key confusion)', 'ALG_NOT_ALLOWED', async () => {
        const key = activeKey(keys.TH);
        const payload = { ...entryFor('TH', 'th-gulf', 10), iss: 'TH', iat: Math.floor(Date.now() / 1000) };
        const data = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
          .setProtectedHeader({ alg: 'HS256', typ: JWS_TYPES.catalogue, kid: key.kid })
          .sign(Buffer.from(String(key.publicJwk.x), 'base64url'));
        return { subject: thSubject(), data };
      }],
      ['the wrong typ (a key announcement)', 'TYP_MISMATCH', async () => ({ subject: thSubject(), data: await signedTh(entryFor('TH', 'th-gulf', 10), JWS_TYPES.keyAnnouncement) })],
      ['another country publishing for TH (JP key, JP issuer)', 'ISSUER_MISMATCH', async () => ({
        subject: thSubject(),
        data: await signJws(entryFor('JP', 'th-gulf', 10), JWS_TYPES.catalogue, activeKey(keys.JP), { iss: 'JP' }, new Date()),
      })],
      ['another country claiming to be TH (JP key, TH issuer)', 'ISSUER_MISMATCH', async () => ({
        subject: thSubject(),
        data: await signJws(entryFor('TH', 'th-gulf', 10), JWS_TYPES.catalogue, activeKey(keys.JP), { iss: 'TH' }, new Date()),
      })],
      ['TH signing as issuer JP on its own subject', 'ISSUER_MISMATCH', async () => ({ subject: thSubject(), data: await signedTh(entryFor('TH', 'th-gulf', 10), JWS_TYPES.catalogue, 'JP') })],
      ['TH publishing on the JP subject', 'ISSUER_MISMATCH', async () => ({ subject: catalogueSubject(names, 'JP', 'th-gulf'), data: await signedTh(entryFor('TH', 'th-gulf', 10)) })],
      ['a replay of the stored version', 'VERSION_NOT_NEWER', async () => ({ subject: thSubject(), data: (await dataset(TH_GULF))!.jws })],
      ['an older version (rollback)', 'VERSION_NOT_NEWER', async () => ({ subject: thSubject(), data: await signedTh(entryFor('TH', 'th-gulf', 1)) })],
      ['JSON-LD with a changed @context', 'CATALOGUE_ENTRY_INVALID', async () => ({
        subject: thSubject(),
        data: await signedTh({ ...entryFor('TH', 'th-gulf', 10), '@context': { title: 'http://example.org/title' } }),
      })],
      ['JSON-LD without a title', 'CATALOGUE_ENTRY_INVALID', async () => {
        const { title: _title, ...entry } = entryFor('TH', 'th-gulf', 10);
        return { subject: thSubject(), data: await signedTh(entry) };
      }],
      ['an entry for another dataset than its subject', 'CATALOGUE_ENTRY_INVALID', async () => ({ subject: thSubject(), data: await signedTh(entryFor('TH', 'th-beach', 10)) })],
      ['a payload that is not a JWS', 'MESSAGE_MALFORMED', async () => ({ subject: thSubject(), data: '{"title":"hello"}' })],
      ['a subject outside the layout', 'MESSAGE_MALFORMED', async () => ({ subject: `${names.prefix}.catalog.TH.Bad_Id`, data: await signedTh(entryFor('TH', 'th-gulf', 10)) })],
      ['an oversized entry', 'PAYLOAD_TOO_LARGE', async () => ({ subject: thSubject(), data: await signedTh(entryFor('TH', 'th-gulf', 10, { description: 'x'.repeat(15_000) })) })],
    ];

    it.each(cases)('refuses %s with %s', async (_name, code, make) => {
      const before = await dataset(TH_GULF);
      const { subject, data } = await make();
      const seq = await publish(subject, data);
      await processed(seq);
      const event = await eventFor(seq);
      expect(event).toMatchObject({ kind: 'MESSAGE_REJECTED', reason_code: code });
      expect(event.detail.length).toBeGreaterThan(10);
      expect(await dataset(TH_GULF)).toEqual(before);
    });

    it('shows refusals to administrators, newest first, with the claimed country', async () => {
      const data = await ok(`{ securityEvents(first: 3, filter: { reasonCode: "ISSUER_MISMATCH" }) { totalCount edges { node { kind country reasonCode detail msgSeq } } } }`);
      expect(data.securityEvents.totalCount).toBe(4);
      expect(data.securityEvents.edges[0].node).toMatchObject({ kind: 'MESSAGE_REJECTED', country: 'JP', reasonCode: 'ISSUER_MISMATCH' });
      const seqs = data.securityEvents.edges.map((e: any) => Number(e.node.msgSeq));
      expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    });

    it('keeps the security log append-only', async () => {
      await expect(sql.query(`UPDATE security_event SET reason_code = 'NOTHING'`)).rejects.toThrow(/append-only/);
      await expect(sql.query(`DELETE FROM security_event`)).rejects.toThrow(/append-only/);
      await expect(sql.query(`TRUNCATE security_event`)).rejects.toThrow(/append-only/);
    });
  });

  describe('key rotation', () => {
    it('trusts an announced key, keeps the old one, and old entries stay verified', async () => {
      const oldKid = activeKey(keys.TH).kid;
      const { keyFile, announcement } = await rotateKeyFile(keys.TH, new Date());
      keys.TH = keyFile;
      const newKid = activeKey(keys.TH).kid;
      const seq = await publish(keySubject(names, 'TH'), announcement);
      await processed(seq);
      expect(await eventFor(seq)).toMatchObject({ kind: 'KEY_ANNOUNCED', reason_code: null, kid: newKid });

      const nodes = await ok(`{ nodes { country keyIds keys { kid state source announcedBy } } }`);
      const th = nodes.nodes.find((n: any) => n.country === 'TH');
      expect(th.keyIds).toEqual(expect.arrayContaining([oldKid, newKid]));
      expect(th.keys.find((k: any) => k.kid === newKid)).toEqual({ kid: newKid, state: 'ACTIVE', source: 'ANNOUNCEMENT', announcedBy: oldKid });
      expect(th.keys.find((k: any) => k.kid === oldKid).state).toBe('ACTIVE');

      // New entries are signed with the new key; the old ones keep their signature.
      await publishEntry('TH', 'th-river', 1, { title: 'Chao Phraya river mouth' });
      expect((await dataset('urn:littoral:dataset:TH:th-river'))!.signedBy.kid).toBe(newKid);
      const gulf = (await dataset('urn:littoral:dataset:TH:th-gulf'))!;
      expect(gulf.signedBy.kid).toBe(oldKid);
      expect(await listed({ countries: ['TH'] })).toEqual(['urn:littoral:dataset:TH:th-beach', 'urn:littoral:dataset:TH:th-gulf', 'urn:littoral:dataset:TH:th-river']);

      // Replaying the announcement changes nothing and is not an incident.
      const again = await publish(keySubject(names, 'TH'), announcement);
      await processed(again);
      expect((await sql.query(`SELECT 1 FROM security_event WHERE msg_seq = $1`, [again])).rowCount).toBe(0);
    });

    it('refuses an announcement signed by a key it does not trust', async () => {
      const stranger = await generateKeyFile('TH', new Date());
      const { announcement } = await rotateKeyFile(stranger, new Date());
      const seq = await publish(keySubject(names, 'TH'), announcement);
      await processed(seq);
      expect(await eventFor(seq)).toMatchObject({ kind: 'MESSAGE_REJECTED', reason_code: 'KEY_UNKNOWN' });
    });
  });

  describe('withdrawal', () => {
    it('hides a dataset withdrawn by a signed tombstone, and a replayed entry cannot bring it back', async () => {
      const id = 'urn:littoral:dataset:TH:th-beach';
      const lastEntry = (await dataset(id))!.jws;
      const tombstone = buildTombstone({ country: 'TH', datasetId: 'th-beach', version: 2, withdrawnAt: new Date() });
      const jws = await signJws(tombstone as unknown as Record<string, unknown>, JWS_TYPES.tombstone, activeKey(keys.TH), { iss: 'TH' }, new Date());
      await processed(await publish(catalogueSubject(names, 'TH', 'th-beach'), jws));

      expect(await listed({ countries: ['TH'] })).not.toContain(id);
      expect(await listed({ countries: ['TH'], includeWithdrawn: true })).toContain(id);
      expect(await dataset(id)).toMatchObject({ withdrawn: true, version: 1 });
      const nodes = await ok(`{ nodes { country entryCount } }`);
      expect(nodes.nodes.find((n: any) => n.country === 'TH').entryCount).toBe(2);

      const replay = await publish(catalogueSubject(names, 'TH', 'th-beach'), lastEntry);
      await processed(replay);
      expect(await eventFor(replay)).toMatchObject({ reason_code: 'VERSION_NOT_NEWER' });
      expect(await listed({ countries: ['TH'] })).not.toContain(id);

      // A newer entry publishes it again.
      await publishEntry('TH', 'th-beach', 3, { theme: 'beach-litter', title: 'Phuket clean-ups' });
      expect(await dataset(id)).toMatchObject({ withdrawn: false, version: 3 });
    });
  });

  describe('trust changes by administrators', () => {
    it('refuses a revoked member and stops listing its datasets', async () => {
      await publishEntry('MY', 'my-straits', 1);
      expect(await listed({ countries: ['MY'] })).toEqual(['urn:littoral:dataset:MY:my-straits']);
      const data = await ok(`mutation { revokeMember(country: "MY") { status revokedAt } }`);
      expect(data.revokeMember.status).toBe('REVOKED');
      expect(await listed({ countries: ['MY'] })).toEqual([]);

      const jws = await signJws(entryFor('MY', 'my-straits', 2), JWS_TYPES.catalogue, activeKey(keys.MY), { iss: 'MY' }, new Date());
      const seq = await publish(catalogueSubject(names, 'MY', 'my-straits'), jws);
      await processed(seq);
      expect(await eventFor(seq)).toMatchObject({ reason_code: 'MEMBER_REVOKED', country: 'MY' });
      expect((await fails(`mutation { revokeMember(country: "MY") { status } }`)).extensions.code).toBe('MEMBER_REVOKED');
    });

    it('distrusts what a compromised key signed after the compromise', async () => {
      const before = new Date(Date.now() - 5_000);
      await publishEntry('KR', 'kr-busan', 1);
      expect(await listed({ countries: ['KR'] })).toEqual(['urn:littoral:dataset:KR:kr-busan']);
      const kid = activeKey(keys.KR).kid;
      const data = await ok(`mutation ($kid: String!, $from: DateTime!) { markKeyCompromised(kid: $kid, from: $from) { state compromisedAt } }`, { kid, from: before.toISOString() });
      expect(data.markKeyCompromised.state).toBe('COMPROMISED');
      expect(await listed({ countries: ['KR'] })).toEqual([]);
      const nodes = await ok(`{ nodes { country entryCount } }`);
      expect(nodes.nodes.find((n: any) => n.country === 'KR').entryCount).toBe(0);

      const jws = await signJws(entryFor('KR', 'kr-busan', 2), JWS_TYPES.catalogue, activeKey(keys.KR), { iss: 'KR' }, new Date());
      const seq = await publish(catalogueSubject(names, 'KR', 'kr-busan'), jws);
      await processed(seq);
      expect(await eventFor(seq)).toMatchObject({ reason_code: 'KEY_COMPROMISED' });
    });

    it('names unknown keys and members', async () => {
      expect((await fails(`mutation { revokeKey(kid: "${'A'.repeat(43)}") { kid } }`)).extensions.code).toBe('KEY_UNKNOWN');
      expect((await fails(`mutation { revokeKey(kid: "nope") { kid } }`)).extensions).toMatchObject({ code: 'INPUT_INVALID', details: { argument: 'kid' } });
      expect((await fails(`mutation { revokeMember(country: "PH") { status } }`)).extensions.code).toBe('MEMBER_UNKNOWN');
    });

    it('records every trust change', async () => {
      const res = await sql.query(`SELECT kind, country, actor FROM security_event WHERE reason_code IS NULL AND kind <> 'KEY_ANNOUNCED' ORDER BY id`);
      expect(res.rows.map((r) => `${r.kind} ${r.country} ${r.actor}`)).toEqual([
        'MEMBER_ADDED TH graphql', 'MEMBER_ADDED JP graphql', 'MEMBER_ADDED KR graphql', 'MEMBER_ADDED MY graphql',
        'KEY_ADDED TH graphql', 'KEY_REVOKED TH graphql', 'MEMBER_REVOKED MY graphql', 'KEY_COMPROMISED KR graphql',
      ]);
    });
  });

  describe('GET /catalog.jsonld', () => {
    it('serves every listed dataset as DCAT JSON-LD that expands without error', async () => {
      const res = await request(hub!.url).get('/catalog.jsonld').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      const doc = JSON.parse(res.text);
      expect(doc['@context']).toBeDefined();
      expect(doc).toMatchObject({ '@id': 'https://hub.littoral.example/catalog', '@type': 'Catalog' });
      const ids = (doc.dataset as { '@id': string }[]).map((d) => d['@id']);
      expect(ids).toEqual(await listed());
      expect(doc.record).toHaveLength(ids.length);
      expect(doc.record[0]).toMatchObject({ signedByCountry: 'JP', signatureKeyId: activeKey(keys.JP).kid });
      const expanded = await jsonld.expand(doc, { documentLoader: async (url: string) => { throw new Error(`no remote context may be fetched (${url})`); } });
      expect(expanded.length).toBeGreaterThan(0);
      // The document the hub serves, not only what the library builds, conforms to DCAT-AP 3.0.1.
      const outcome = validateDcatAp(await toStore(doc));
      expect(outcome.violations).toEqual([]);
      expect(outcome.conforms).toBe(true);
    });
  });

  describe('transient failures', () => {
    it('does not ack a message it could not commit, and stores it once the database is back', async () => {
      const health = async () => (await request(hub!.url).get('/health')).body.catalogueConsumer as { lastSequence: number; retried: number };
      const retriedBefore = (await health()).retried;
      // The hub's queries fail (undefined table) as if its database were unreachable.
      await sql.query(`ALTER TABLE member RENAME TO member_away`);
      let seq: number;
      try {
        const jws = await signJws(entryFor('JP', 'jp-kyushu', 1), JWS_TYPES.catalogue, activeKey(keys.JP), { iss: 'JP' }, new Date());
        seq = await publish(catalogueSubject(names, 'JP', 'jp-kyushu'), jws);
        const deadline = Date.now() + 15_000;
        while ((await health()).retried < retriedBefore + 2) {
          if (Date.now() > deadline) throw new Error('the hub did not retry');
          await new Promise((r) => setTimeout(r, 50));
        }
        expect((await health()).lastSequence).toBeLessThan(seq);
      } finally {
        await sql.query(`ALTER TABLE member_away RENAME TO member`);
      }
      await processed(seq);
      expect(await dataset('urn:littoral:dataset:JP:jp-kyushu')).toMatchObject({ version: 1, signedBy: { country: 'JP' } });
      expect((await sql.query(`SELECT 1 FROM security_event WHERE msg_seq = $1`, [seq])).rowCount).toBe(0);
    });
  });

  describe('restart', () => {
    it('catches up on what was published while the hub was down, serving the catalogue from its database meanwhile', async () => {
      const listedBefore = await listed();
      await hub!.app.close();
      hub = undefined;

      const seqs: number[] = [];
      for (let v = 1; v <= 5; v++) {
        const jws = await signJws(entryFor('JP', `jp-offline-${v}`, 1), JWS_TYPES.catalogue, activeKey(keys.JP), { iss: 'JP' }, new Date());
        seqs.push(await publish(catalogueSubject(names, 'JP', `jp-offline-${v}`), jws));
      }
      const upgrade = await signJws(entryFor('JP', 'jp-tokyo', 2, { title: 'Tokyo Bay microplastics, revised' }), JWS_TYPES.catalogue, activeKey(keys.JP), { iss: 'JP' }, new Date());
      seqs.push(await publish(catalogueSubject(names, 'JP', 'jp-tokyo'), upgrade));

      hub = await startHub(env(db));
      // Served from the database at once: never empty while the consumer re-synchronises.
      expect(await listed()).toEqual(expect.arrayContaining(listedBefore));
      await processed(Math.max(...seqs));
      const jp = await listed({ countries: ['JP'] });
      expect(jp).toEqual(expect.arrayContaining([1, 2, 3, 4, 5].map((v) => `urn:littoral:dataset:JP:jp-offline-${v}`)));
      expect((await dataset('urn:littoral:dataset:JP:jp-tokyo'))!).toMatchObject({ version: 2, title: 'Tokyo Bay microplastics, revised' });
      // Nothing was handled twice: no message of the first run was refused as a replay on resume.
      const replays = await sql.query(`SELECT count(*)::int AS n FROM security_event WHERE reason_code = 'VERSION_NOT_NEWER' AND msg_seq = ANY($1)`, [seqs]);
      expect(replays.rows[0].n).toBe(0);
    });
  });
});

describe('hub: NATS restart', () => {
  // A NATS server of this test's own (a free port, a temporary store), so it can be stopped and started again.
  const tag = randomBytes(4).toString('hex');
  const names: CatalogueStreamNames = { prefix: `ltnats${tag}`, stream: `LTNATS${tag.toUpperCase()}_CATALOG` };
  let server: ChildProcess | undefined;
  let port: number;
  let store: string;
  let db: TestDatabase;
  let hub: StartedHub | undefined;
  let th: KeyFile;
  let counter = 0;
  let issuer: TestIssuer;

  async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
  }

  async function startNats(): Promise<void> {
    server = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const probe = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false, timeout: 500 });
        await probe.close();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error('private nats-server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async function stopNats(): Promise<void> {
    const s = server;
    server = undefined;
    if (!s || s.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      s.once('exit', () => resolve());
      s.kill('SIGTERM');
    });
  }

  /** Publishes one TH entry through a short-lived connection (a node that reconnects); returns its stream sequence. */
  async function publishTh(datasetId: string, version: number): Promise<number> {
    const nc = await connect({ servers: `nats://127.0.0.1:${port}` });
    try {
      await ensureCatalogueStream(nc, names);
      const jws = await signJws(entryFor('TH', datasetId, version), JWS_TYPES.catalogue, activeKey(th), { iss: 'TH' }, new Date());
      return (await jetstream(nc).publish(catalogueSubject(names, 'TH', datasetId), jws, { msgID: `nats-${tag}-${++counter}` })).seq;
    } finally {
      await nc.close();
    }
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const handled = (seq: number) => waitFor(`message ${seq}`, async () => {
    const res = await request(hub!.url).get('/health');
    return (res.body?.catalogueConsumer?.lastSequence ?? 0) >= seq ? true : undefined;
  });

  const listedIds = async (): Promise<string[]> => {
    const res = await request(hub!.url).post('/graphql').set('Authorization', await issuer.bearer({ roles: ['analyst'] })).send({ query: '{ datasets { edges { node { id version } } } }' });
    return res.body.data.datasets.edges.map((e: { node: { id: string; version: number } }) => `${e.node.id}@${e.node.version}`);
  };

  beforeAll(async () => {
    port = await freePort();
    store = mkdtempSync(path.join(tmpdir(), 'littoral-nats-'));
    await startNats();
    db = await createHubTestDatabase('hub_nats');
    th = await generateKeyFile('TH', new Date());
    issuer = await createHubTestIssuer();
    hub = await startHub({
      ...issuer.env,
      DATABASE_URL: db.url, NATS_URL: `nats://127.0.0.1:${port}`, PORT: '0', LOG_LEVEL: 'silent',
      LITTORAL_STREAM_PREFIX: names.prefix, LITTORAL_CATALOGUE_STREAM: names.stream, HUB_CONSUMER_NAME: `hub-nats-${tag}`,
    });
    const res = await request(hub.url).post('/graphql').set('Authorization', await issuer.bearer({ roles: ['admin'] })).send({
      query: 'mutation ($input: AddMemberInput!) { addMember(input: $input) { country } }',
      variables: { input: { country: 'TH', nodeId: 'th-node', displayName: 'Thailand', jwks: JSON.stringify(publicJwks(th)) } },
    });
    expect(res.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await hub?.app.close();
    await stopNats();
    await db?.drop();
    await issuer?.cleanup();
    if (store) rmSync(store, { recursive: true, force: true });
  });

  it('reconnects after NATS restarts, keeps serving the catalogue meanwhile, and converges', async () => {
    await handled(await publishTh('th-a', 1));
    expect(await listedIds()).toEqual(['urn:littoral:dataset:TH:th-a@1']);

    await stopNats();
    await waitFor('NATS down at the hub', async () => ((await request(hub!.url).get('/health')).body.checks.nats.status === 'down' ? true : undefined));
    // The catalogue is served from the hub's database while NATS is away.
    expect(await listedIds()).toEqual(['urn:littoral:dataset:TH:th-a@1']);

    await startNats();
    const seqs = [await publishTh('th-a', 2), await publishTh('th-b', 1)];
    await handled(Math.max(...seqs));
    expect(await listedIds()).toEqual(['urn:littoral:dataset:TH:th-a@2', 'urn:littoral:dataset:TH:th-b@1']);
  });
});
