import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyFile, markCompromised, rotateKeyFile, writeKeyFile } from '@littoral/crypto';
import { NodeKeys } from './node-keys';

describe('NodeKeys', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'littoral-keys-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the public keys only, and none without a key file', async () => {
    const file = path.join(dir, 'th.json');
    await writeKeyFile(file, await generateKeyFile('TH', new Date('2025-01-01T00:00:00Z')));
    const keys = await NodeKeys.load(file, 'TH');
    expect(keys.jwks()!.keys).toHaveLength(1);
    expect(keys.jwks()!.keys[0]).not.toHaveProperty('d');
    expect(NodeKeys.none().jwks()).toBeNull();
    expect(() => NodeKeys.none().active()).toThrow(expect.objectContaining({ code: 'KEY_FILE_INVALID' }));
  });

  it.each([
    ['another country', 'JP', 0o600, /holds the keys of TH, but this node is JP/],
    ['a group-readable file', 'TH', 0o640, /mode 0640/],
  ])('refuses %s', async (_case, country, mode, message) => {
    const file = path.join(dir, `refuse-${mode}-${country}.json`);
    await writeKeyFile(file, await generateKeyFile('TH', new Date('2025-01-01T00:00:00Z')));
    chmodSync(file, mode);
    await expect(NodeKeys.load(file, country)).rejects.toMatchObject({ code: 'KEY_FILE_INVALID', message: expect.stringMatching(message) });
  });

  it('lists each hand-over, oldest first, and never one signed by a compromised key', async () => {
    const a = await generateKeyFile('TH', new Date('2025-01-01T00:00:00Z'));
    const b = (await rotateKeyFile(a, new Date('2025-02-01T00:00:00Z'))).keyFile;
    const c = (await rotateKeyFile(b, new Date('2025-03-01T00:00:00Z'))).keyFile;
    const file = path.join(dir, 'rotated.json');
    await writeKeyFile(file, c);
    const keys = await NodeKeys.load(file, 'TH');
    const kids = c.keys.map((k) => k.kid);
    expect(keys.handOvers().handOvers.map((h) => [h.previous.kid, h.next.kid])).toEqual([[kids[0], kids[1]], [kids[1], kids[2]]]);

    const compromised = path.join(dir, 'compromised.json');
    await writeKeyFile(compromised, markCompromised(c, kids[1], new Date('2025-02-15T00:00:00Z')));
    const ck = await NodeKeys.load(compromised, 'TH');
    expect(ck.handOvers()).toEqual({ handOvers: [], unannounceable: [expect.objectContaining({ kid: kids[2] })] });
  });
});
