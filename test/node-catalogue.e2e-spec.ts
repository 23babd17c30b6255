import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { generateKeyFile, JWS_TYPES, rotateKeyFile, verifyJws, verifyKeyAnnouncement, writeKeyFile, type KeyFile, type TrustedKey } from '@littoral/crypto';
import { DatasetsService, ImportService, nodeDataSourceOptions, startNode, withdrawDataset, type StartedNode } from '../apps/node/src';
import { runCli } from '../apps/cli/src/program';
import { createTestDatabase, type TestDatabase } from './support/db';
import { ImportHarness } from './support/import-harness';
import { readDatasetStats } from '../apps/node/src';
import { waitFor } from './support/wait';

// The node's signed catalogue on the machine's real Postgres and NATS. Each run
// uses a stream and subject prefix of its own (deleted afterwards), so it never
// touches the default catalogue stream.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const CLOSED_NATS = 'nats://127.0.0.1:1';
const tag = randomBytes(4).toString('hex');
const PREFIX = `lt${tag}`;
const STREAM = `LT_${tag.toUpperCase()}_CATALOG`;
const SUBJECT = `${PREFIX}.catalog.TH.th-gulf`;

const MP_HEADER = 'site_id,site_name,site_type,country,site_latitude,site_longitude,sample_id,sampled_at,matrix,device,mesh_size_mm,volume_m3,size_class,polymer,shape,count,concentration,concentration_unit';
const FIRST_FILE = [
  MP_HEADER,
  'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,MANTA,0.33,12.5,MP_1_5,PE,FRAGMENT,10,,',
  'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,MANTA,0.33,12.5,MP_1_5,PP,FILM,5,,',
  'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,MANTA,0.33,12.5,,,,,2.4,pieces/L',
  'S2,Pattaya,COASTAL,TH,12.934,100.881,S2-2024-04,2024-04-01T09:30+07:00,SW_SURF,MANTA,0.33,20,,,,30,,',
].join('\n');
const SECOND_FILE = [MP_HEADER, 'S3,Si Racha,COASTAL,TH,13.17,100.92,S3-2024-06,2024-06-20,SW_SURF,MANTA,0.33,15,MP_1_5,PS,FOAM,7,,'].join('\n');

interface StreamMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  jws: string;
}

describe('node catalogue: signed entries through the outbox to JetStream', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  let keyFile: string;
  let keys: KeyFile;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let node: StartedNode | undefined;
  let rotatedKeyFile: string;

  const env = (natsUrl: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url, NATS_URL: natsUrl, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent',
    LITTORAL_KEY_FILE: keyFile, LITTORAL_NODE_ID: 'th-node', LITTORAL_PUBLIC_URL: 'https://node.th.example',
    // The test's own stream, never the default one.
    LITTORAL_STREAM_PREFIX: PREFIX, LITTORAL_CATALOGUE_STREAM: STREAM, LITTORAL_CATALOGUE_POLL_MS: '200', ...extra,
  });

  /** Every message of the test stream, oldest first (none when the stream does not exist yet). */
  async function streamMessages(subject?: string): Promise<StreamMessage[]> {
    let state;
    try {
      state = (await jsm.streams.info(STREAM)).state;
    } catch {
      return [];
    }
    const out: StreamMessage[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
      if (m && (!subject || m.subject === subject)) out.push({ seq: m.seq, subject: m.subject, msgId: m.header?.get('Nats-Msg-Id'), jws: m.string() });
    }
    return out;
  }

  async function trustedKeys(url: string): Promise<TrustedKey[]> {
    const jwks = (await request(url).get('/.well-known/jwks.json').expect(200)).body as { keys: { kid: string }[] };
    return jwks.keys.map((jwk) => ({ kid: jwk.kid, jwk }));
  }

  const outbox = async () => (await ds.query(`SELECT kind, dataset_id, version::int, msg_id, published_at IS NOT NULL AS published FROM catalogue_outbox ORDER BY id`)) as { kind: string; dataset_id: string | null; version: number | null; msg_id: string; published: boolean }[];
  const importFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return new ImportService(ds).run({ datasetId: 'th-gulf', kind: 'microplastics', path: file });
  };
  async function restart(natsUrl: string, extra: Record<string, string> = {}): Promise<StartedNode> {
    await node?.app.close();
    node = await startNode(env(natsUrl, extra));
    return node;
  }

  beforeAll(async () => {
    db = await createTestDatabase('catalogue');
    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-catalogue-'));
    keyFile = path.join(dir, 'th-keys.json');
    keys = await generateKeyFile('TH', new Date());
    await writeKeyFile(keyFile, keys); // mode 0600
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await node?.app.close();
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start with a key file others may read, saying how to fix it', async () => {
    const loose = path.join(dir, 'loose.json');
    copyFileSync(keyFile, loose);
    chmodSync(loose, 0o644);
    await expect(startNode(env(CLOSED_NATS, { LITTORAL_KEY_FILE: loose }))).rejects.toMatchObject({
      code: 'KEY_FILE_INVALID',
      message: expect.stringContaining(`chmod 600 ${loose}`),
    });
  });

  it('without a key file serves no JWKS (a JSON 404) and reports no-key', async () => {
    const bare = await restart(CLOSED_NATS, { LITTORAL_KEY_FILE: '' });
    const res = await request(bare.url).get('/.well-known/jwks.json').expect(404);
    expect(res.body).toMatchObject({ error: 'NO_KEY_FILE' });
    expect((await request(bare.url).get('/health')).body.catalogue).toEqual({ status: 'no-key', unpublished: 0 });
    await bare.app.close();
    node = undefined;
  });

  it('keeps signed entries in the outbox while NATS is unreachable', async () => {
    await new DatasetsService(ds).create({ id: 'th-gulf', title: 'Gulf of Thailand surface water', theme: 'microplastics', license: 'CC-BY-4.0', keywords: ['river'] });
    expect((await importFile('first.csv', FIRST_FILE)).status).toBe('SUCCEEDED');

    const offline = await restart(CLOSED_NATS);
    // The start-up refresh is done when startNode returns.
    expect(await outbox()).toEqual([{ kind: 'entry', dataset_id: 'th-gulf', version: 1, msg_id: 'TH.th-gulf.1', published: false }]);
    const health = (await request(offline.url).get('/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'degraded', catalogue: { status: 'behind', unpublished: 1 } });
    expect(await streamMessages()).toEqual([]);
  });

  it('publishes them exactly once when a node with a working link starts on the same database', async () => {
    const online = await restart(NATS_URL);
    await waitFor('the outbox to drain', async () => ((await outbox()).every((r) => r.published) ? true : undefined));
    const messages = await streamMessages(SUBJECT);
    expect(messages.map((m) => m.msgId)).toEqual(['TH.th-gulf.1']);
    expect((await request(online.url).get('/health').expect(200)).body.catalogue).toEqual({ status: 'publishing', unpublished: 0 });
    const [{ published_version }] = await ds.query(`SELECT published_version::int FROM catalogue_state WHERE dataset_id = 'th-gulf'`);
    expect(published_version).toBe(1);
  });

  it('signs entries that verify with the node\'s JWKS and carry the computed stats', async () => {
    const [message] = await streamMessages(SUBJECT);
    const jwks = await trustedKeys(node!.url);
    expect(jwks.map((k) => k.kid)).toEqual([keys.keys[0].kid]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const verified = await verifyJws(message.jws, { typ: JWS_TYPES.catalogue, trusted: jwks, issuer: 'TH', receivedAt: new Date() });
    expect(verified.kid).toBe(keys.keys[0].kid);
    expect(verified.payload).toMatchObject({
      iss: 'TH',
      sub: 'TH',
      '@type': 'Dataset',
      identifier: 'urn:littoral:dataset:TH:th-gulf',
      nodeId: 'th-node',
      versionNumber: 1,
      // Sites at 13.54/100.59 and 12.934/100.881, widened to the 0.01° grid.
      spatial: { '@type': 'Location', bbox: 'POLYGON((100.59 12.93,100.89 12.93,100.89 13.54,100.59 13.54,100.59 12.93))' },
      temporal: { '@type': 'PeriodOfTime', startDate: '2024-03-05', endDate: '2024-04-01' },
      recordCount: 5, // 3 particle counts + 2 concentrations (one derived from a count)
      sampleCount: 2,
      measuredVariable: expect.arrayContaining(['particleCount', 'polymer:PE', 'polymer:PP', 'concentration:VOLUME']),
      distribution: [expect.objectContaining({ accessURL: 'https://node.th.example/graphql' })],
    });
    expect(verified.payload).not.toHaveProperty('accessSummary'); // no grants yet
  });

  it('makes no new version on restart when nothing changed', async () => {
    await restart(NATS_URL);
    expect((await outbox()).map((r) => r.version)).toEqual([1]);
    const [{ version }] = await ds.query(`SELECT version::int FROM catalogue_state WHERE dataset_id = 'th-gulf'`);
    expect(version).toBe(1);
    expect((await streamMessages(SUBJECT)).map((m) => m.msgId)).toEqual(['TH.th-gulf.1']);
  });

  it('publishes a new version after an import made outside the node (the CLI) and after a metadata change', async () => {
    expect((await importFile('second.csv', SECOND_FILE)).rowsStored).toBe(1);
    const v2 = await waitFor('version 2 on the stream', async () => (await streamMessages(SUBJECT)).find((m) => m.msgId === 'TH.th-gulf.2'));
    const trusted = await trustedKeys(node!.url);
    const entry2 = (await verifyJws(v2.jws, { typ: JWS_TYPES.catalogue, trusted, issuer: 'TH', receivedAt: new Date() })).payload;
    expect(entry2).toMatchObject({ versionNumber: 2, recordCount: 6, sampleCount: 3, temporal: { startDate: '2024-03-05', endDate: '2024-06-20' } });
    expect(entry2.measuredVariable).toContain('polymer:PS');

    await new DatasetsService(ds).update('th-gulf', { title: 'Gulf of Thailand, surface water 2024' });
    const v3 = await waitFor('version 3 on the stream', async () => (await streamMessages(SUBJECT)).find((m) => m.msgId === 'TH.th-gulf.3'));
    const entry3 = (await verifyJws(v3.jws, { typ: JWS_TYPES.catalogue, trusted, issuer: 'TH', receivedAt: new Date() })).payload;
    expect(entry3).toMatchObject({ versionNumber: 3, title: { en: 'Gulf of Thailand, surface water 2024' }, recordCount: 6 });
    expect((await streamMessages(SUBJECT)).map((m) => m.msgId)).toEqual(['TH.th-gulf.1', 'TH.th-gulf.2', 'TH.th-gulf.3']);
  });

  it('withdraws a dataset with a signed tombstone, keeps its data and refuses further imports', async () => {
    const result = await withdrawDataset(ds, 'th-gulf', env(NATS_URL));
    expect(result).toEqual({ datasetId: 'th-gulf', alreadyWithdrawn: false, tombstoneVersion: 4 });
    const message = await waitFor('the tombstone on the stream', async () => (await streamMessages(SUBJECT)).find((m) => m.msgId === 'TH.th-gulf.4'));
    const trusted = await trustedKeys(node!.url);
    await expect(verifyJws(message.jws, { typ: JWS_TYPES.catalogue, trusted, issuer: 'TH', receivedAt: new Date() })).rejects.toMatchObject({ code: 'TYP_MISMATCH' });
    const tombstone = (await verifyJws(message.jws, { typ: JWS_TYPES.tombstone, trusted, issuer: 'TH', receivedAt: new Date() })).payload;
    expect(tombstone).toMatchObject({ '@type': 'Tombstone', identifier: 'urn:littoral:dataset:TH:th-gulf', datasetId: 'th-gulf', version: 4 });

    expect(await new DatasetsService(ds).recordCounts('th-gulf')).toMatchObject({ mp_sample: 3, mp_particle_count: 4 });
    await expect(importFile('third.csv', SECOND_FILE)).rejects.toThrow(/Dataset "th-gulf" is withdrawn from the catalogue; it takes no new imports/);
    expect(await withdrawDataset(ds, 'th-gulf', env(NATS_URL))).toEqual({ datasetId: 'th-gulf', alreadyWithdrawn: true, tombstoneVersion: 4 });
    // The node's sweep does not sign anything more for a withdrawn dataset.
    await new DatasetsService(ds).update('th-gulf', { description: 'changed after withdrawal' });
    await waitFor('the sweep to see the change', async () => {
      const [s] = await ds.query(`SELECT source_modified_at = d.modified_at AS seen FROM catalogue_state s JOIN dataset d ON d.id = s.dataset_id WHERE d.id = 'th-gulf'`);
      return s.seen ? true : undefined;
    });
    expect((await outbox()).filter((r) => r.dataset_id === 'th-gulf').map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('`littoral dataset withdraw` without the key file marks the dataset; the node signs the tombstone', async () => {
    await new DatasetsService(ds).create({ id: 'th-reef', title: 'Reef fish census', theme: 'biodiversity', license: 'CC-BY-4.0' });
    await waitFor('version 1 of th-reef', async () => ((await outbox()).some((r) => r.msg_id === 'TH.th-reef.1' && r.published) ? true : undefined));
    const out = new PassThrough();
    const err = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const code = await runCli(['node', 'littoral', 'dataset', 'withdraw', 'th-reef'], { out, err, env: { DATABASE_URL: db.url } });
    expect(code).toBe(0);
    expect(printed).toMatch(/Marked dataset th-reef withdrawn/);
    const message = await waitFor('the th-reef tombstone', async () => (await streamMessages(`${PREFIX}.catalog.TH.th-reef`)).find((m) => m.msgId === 'TH.th-reef.2'));
    const tombstone = await verifyJws(message.jws, { typ: JWS_TYPES.tombstone, trusted: await trustedKeys(node!.url), issuer: 'TH', receivedAt: new Date() });
    expect(tombstone.payload).toMatchObject({ datasetId: 'th-reef', version: 2 });
  });

  it('announces a rotated key once, signed by the previous key, before entries the new key signs', async () => {
    const rotated = (await rotateKeyFile(keys, new Date())).keyFile;
    const rotatedFile = path.join(dir, 'th-keys-rotated.json');
    await writeKeyFile(rotatedFile, rotated);
    const [, next] = rotated.keys;
    await restart(NATS_URL, { LITTORAL_KEY_FILE: rotatedFile });
    const keySubject = `${PREFIX}.keys.TH`;
    const [announcement] = await waitFor('the key announcement', async () => {
      const m = await streamMessages(keySubject);
      return m.length > 0 ? m : undefined;
    });
    expect(announcement.msgId).toBe(`key.TH.${next.kid}`);
    const oldKey: TrustedKey = { kid: keys.keys[0].kid, jwk: keys.keys[0].publicJwk };
    const { newKey, previousKid } = await verifyKeyAnnouncement(announcement.jws, [oldKey], 'TH', new Date());
    expect({ kid: newKey.kid, previousKid }).toEqual({ kid: next.kid, previousKid: keys.keys[0].kid });
    // Both keys are served, so entries signed by the old key still verify.
    expect((await trustedKeys(node!.url)).map((k) => k.kid).sort()).toEqual([keys.keys[0].kid, next.kid].sort());

    // The next entry is signed by the new key, and goes out after the announcement.
    await new DatasetsService(ds).create({ id: 'th-beach', title: 'Clean Ocean Program, Rayong', theme: 'beach-litter', license: 'CC-BY-4.0' });
    const entry = await waitFor('th-beach version 1', async () => (await streamMessages(`${PREFIX}.catalog.TH.th-beach`))[0]);
    expect(entry.seq).toBeGreaterThan(announcement.seq);
    const verified = await verifyJws(entry.jws, { typ: JWS_TYPES.catalogue, trusted: [newKey], issuer: 'TH', receivedAt: new Date() });
    expect(verified).toMatchObject({ kid: next.kid, payload: { recordCount: 0, sampleCount: 0 } });

    await restart(NATS_URL, { LITTORAL_KEY_FILE: rotatedFile });
    expect((await outbox()).filter((r) => r.kind === 'key-announcement')).toHaveLength(1);
    expect(await streamMessages(keySubject)).toHaveLength(1);
    rotatedKeyFile = rotatedFile;
  });

  it('re-publishes, at start-up, the latest message of each subject a lost stream no longer holds, once', async () => {
    await node?.app.close();
    node = undefined;
    await jsm.streams.delete(STREAM);
    await restart(NATS_URL, { LITTORAL_KEY_FILE: rotatedKeyFile });
    const latest = ['TH.th-beach.1', 'TH.th-gulf.4', 'TH.th-reef.2', `key.TH.${(await outbox()).find((r) => r.kind === 'key-announcement')!.msg_id.split('.')[2]}`];
    const ids = await waitFor('the stream to hold the full catalogue again', async () => {
      const m = (await streamMessages()).map((x) => x.msgId!).sort();
      return m.length >= latest.length ? m : undefined;
    });
    expect(ids).toEqual(latest.sort());
    expect((await outbox()).every((r) => r.published)).toBe(true);
    // Nothing changed, so no new version was made.
    expect((await outbox()).length).toBe(8);
  });

  it('does not send again a message that reached the stream before a crash kept its ack from the outbox', async () => {
    await node?.app.close();
    node = undefined;
    // Shrink the de-duplication window so only the outbox's own check can prevent a second copy.
    const info = await jsm.streams.info(STREAM);
    await jsm.streams.update(STREAM, { ...info.config, duplicate_window: 500_000_000 });
    await new Promise((r) => setTimeout(r, 600)); // deliberately outlive the window
    await ds.query(`UPDATE catalogue_outbox SET published_at = NULL, attempted_at = now() WHERE msg_id = 'TH.th-reef.2'`);
    await restart(NATS_URL, { LITTORAL_KEY_FILE: rotatedKeyFile });
    await waitFor('the outbox to drain', async () => ((await outbox()).every((r) => r.published) ? true : undefined));
    expect((await streamMessages(`${PREFIX}.catalog.TH.th-reef`)).map((m) => m.msgId)).toEqual(['TH.th-reef.2']);
  });
});

describe('node catalogue: stats computed from the rows of each theme', () => {
  const h = new ImportHarness();
  beforeAll(() => h.start('catalogue_stats'));
  afterAll(() => h.stop());

  it('beach litter: extent of the beach segments, survey dates, item counts, code systems, materials and protocols', async () => {
    await h.dataset({ id: 'rayong', theme: 'beach-litter' });
    const csv = [
      'beach_id,start_latitude,start_longitude,end_latitude,end_longitude,survey_id,survey_date,protocol,is_monitoring,surveyed_length_m,code_system,item_code,item_count,item_weight_kg',
      'B1,12.6712,101.2801,12.6744,101.2866,SV1,2024-02-01,OSPAR_100M,true,100,GMSFD,G27,12,',
      'B1,12.6712,101.2801,12.6744,101.2866,SV1,2024-02-01,OSPAR_100M,true,100,GMSFD,G175,3,0.05',
      'B2,12.5501,101.4502,,,SV2,2024-05-12,ICC_CLEANUP,false,250,JLIST,J27,40,',
    ].join('\n');
    expect((await h.imports.run({ datasetId: 'rayong', kind: 'beach-litter', path: h.file('bl.csv', csv) })).status).toBe('SUCCEEDED');
    expect(await readDatasetStats(h.ds, 'rayong', 'beach-litter')).toEqual({
      bbox: { west: 101.28, south: 12.55, east: 101.46, north: 12.68 },
      temporal: { start: '2024-02-01', end: '2024-05-12' },
      recordCount: 3,
      sampleCount: 2,
      measuredVariables: ['itemCount', 'itemWeight', 'litterCodes:GMSFD', 'litterCodes:JLIST', 'material:METAL', 'material:PLASTIC'],
      surveyProtocols: ['ICC_CLEANUP', 'OSPAR_100M'],
    });
  });

  it('biodiversity: occurrences and taxa, with the extent on the 0.1° grid so no sighting is pinned', async () => {
    await h.dataset({ id: 'tubbataha', theme: 'biodiversity' });
    const csv = [
      'occurrenceID,scientificName,basisOfRecord,eventDate,decimalLatitude,decimalLongitude,individualCount,iucnRedListCategory',
      'o1,Chelonia mydas,HumanObservation,2023-05-01,8.9412,119.8653,1,EN',
      'o2,Chelonia mydas,HumanObservation,2023-05-03T10:00+08:00,8.8021,119.9377,2,EN',
      'o3,Chaetodon ornatissimus,HumanObservation,2023-06-30,8.8534,119.9012,,LC',
    ].join('\n');
    expect((await h.imports.run({ datasetId: 'tubbataha', kind: 'occurrences', path: h.file('occ.csv', csv) })).status).toBe('SUCCEEDED');
    expect(await readDatasetStats(h.ds, 'tubbataha', 'biodiversity')).toEqual({
      bbox: { west: 119.8, south: 8.8, east: 120, north: 9 },
      temporal: { start: '2023-05-01', end: '2023-06-30' },
      recordCount: 3,
      sampleCount: 0,
      measuredVariables: ['individualCount', 'occurrence', 'taxa:2'],
    });
  });

  it('an empty dataset has counts of zero and no extent or period', async () => {
    await h.dataset({ id: 'empty-mp', theme: 'microplastics' });
    expect(await readDatasetStats(h.ds, 'empty-mp', 'microplastics')).toEqual({ bbox: null, temporal: null, recordCount: 0, sampleCount: 0, measuredVariables: [], matrices: [] });
  });
});
