import fc from 'fast-check';
import { activeKey, generateKeyFile, type TrustedKey } from '@littoral/crypto';
import { entryHash, GENESIS_HASH, sha256Hex, type AuditEntry } from './audit-entry.js';
import { signCheckpoint, verifyCheckpoint, type AuditCheckpoint } from './checkpoint.js';
import { exportHeader, exportLine, parseExport, signExport, verifyExport } from './audit-export.js';
import { chain, T0 } from './spec-helpers.js';
import { verifyChain } from './verify-chain.js';

const cp = (e: AuditEntry, origin = 'TH'): AuditCheckpoint => ({ origin, seq: e.seq, head: e.hash, time: e.time });
/** Recomputes every hash and link from `from` on, as an insider rewriting the log would. */
function relink(entries: AuditEntry[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const e of entries) {
    const prevHash = out.length ? out[out.length - 1].hash : GENESIS_HASH;
    const unsealed = { ...e, seq: out.length + 1, prevHash };
    out.push({ ...unsealed, hash: entryHash(unsealed) });
  }
  return out;
}
async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield await Promise.resolve(i);
}

describe('verifyChain', () => {
  const good = chain(20);

  it('accepts an intact chain (sync or async iterable) and reports its head', async () => {
    for (const source of [good, slowly(good)]) {
      expect(await verifyChain(source, [cp(good[9]), cp(good[19])])).toEqual({
        ok: true,
        checked: 20,
        firstBad: null,
        latestCheckpoint: cp(good[19]),
        head: { seq: 20, hash: good[19].hash },
      });
    }
    expect(await verifyChain([], [])).toMatchObject({ ok: true, checked: 0, head: null });
  });

  it('names the seq of each kind of tampering (examples)', async () => {
    const edited = good.map((e) => (e.seq === 7 ? { ...e, resultSize: 999 } : e));
    expect((await verifyChain(edited)).firstBad).toMatchObject({ seq: 7, reason: 'hash-mismatch' });

    const deleted = good.filter((e) => e.seq !== 8);
    expect((await verifyChain(deleted)).firstBad).toMatchObject({ seq: 8, reason: 'missing', message: expect.stringContaining('entry 8 is missing') });

    const swappedSeq = good.map((e) => (e.seq === 5 ? { ...good[5], seq: 5 } : e.seq === 6 ? { ...good[4], seq: 6 } : e));
    expect((await verifyChain(swappedSeq)).firstBad).toMatchObject({ seq: 5, reason: 'hash-mismatch' });
    const swappedLines = [...good.slice(0, 4), good[5], good[4], ...good.slice(6)];
    expect((await verifyChain(swappedLines)).firstBad).toMatchObject({ seq: 5, reason: 'missing' });

    const truncated = good.slice(0, 15);
    expect((await verifyChain(truncated, [cp(good[17])])).firstBad).toMatchObject({ seq: 16, reason: 'truncated', checkpoint: cp(good[17]) });
    expect((await verifyChain(truncated)).ok).toBe(true); // without a witness a removed tail is invisible

    const rewritten = relink(chain(20, T0, 100));
    expect((await verifyChain(rewritten)).ok).toBe(true); // internally consistent...
    const bad = (await verifyChain(rewritten, [cp(good[9]), cp(good[19])])).firstBad;
    expect(bad).toMatchObject({ seq: 10, reason: 'checkpoint-mismatch', checkpoint: cp(good[9]) }); // ...but not what was witnessed
    expect(bad?.message).toContain('checkpoint of TH at seq 10');

    const malformed = good.map((e) => (e.seq === 3 ? { ...e, action: null } : e));
    expect((await verifyChain(malformed)).firstBad).toMatchObject({ seq: 3, reason: 'malformed' });
  });

  it('finds any edited entry, at its seq (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom<(e: AuditEntry) => AuditEntry>(
          (e) => ({ ...e, resultSize: (e.resultSize ?? 0) + 1 }),
          (e) => ({ ...e, decision: e.decision === 'allowed' ? 'denied' : 'allowed' }),
          (e) => ({ ...e, datasets: [...e.datasets, 'extra'] }),
          (e) => ({ ...e, actor: { ...e.actor, roles: ['admin'] } }),
          (e) => ({ ...e, time: new Date(Date.parse(e.time) + 1).toISOString() }),
          (e) => ({ ...e, prevHash: 'a'.repeat(64) }),
          (e) => ({ ...e, hash: 'b'.repeat(64) }),
        ),
        async (seq, edit) => {
          const tampered = good.map((e) => (e.seq === seq ? edit(e) : e));
          const r = await verifyChain(tampered);
          expect(r.ok).toBe(false);
          expect(r.firstBad?.seq).toBe(seq);
        },
      ),
    );
  });

  it('an edit re-hashed in place is found at the next entry, or by a checkpoint on the head (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), async (seq) => {
        const tampered = good.map((e) => {
          if (e.seq !== seq) return e;
          const changed = { ...e, purpose: 'something else' };
          return { ...changed, hash: entryHash(changed) };
        });
        const r = await verifyChain(tampered, [cp(good[19])]);
        expect(r.firstBad).toMatchObject(seq < 20 ? { seq: seq + 1, reason: 'prev-hash-mismatch' } : { seq: 20, reason: 'checkpoint-mismatch' });
      }),
    );
  });

  it('finds any deletion, reordering or truncation (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 20 }), async (a, k) => {
        expect((await verifyChain(good.filter((e) => e.seq !== a))).firstBad).toMatchObject({ seq: a, reason: 'missing' });
        const swapped = [...good];
        [swapped[a - 1], swapped[a]] = [swapped[a], swapped[a - 1]];
        expect((await verifyChain(swapped)).firstBad?.seq).toBe(a);
        const r = await verifyChain(good.slice(0, k - 1), [cp(good[k - 1])]);
        expect(r.firstBad).toMatchObject({ seq: k, reason: 'truncated' });
      }),
    );
  });

  it('finds a full rewrite with recomputed hashes at the first witnessed seq (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), async (from, witnessed) => {
        // Entries from `from` on are replaced and everything after is re-linked.
        const rewritten = relink([...good.slice(0, from - 1), ...chain(20, T0, 50).slice(from - 1)]);
        const r = await verifyChain(rewritten, [cp(good[witnessed - 1])]);
        if (witnessed < from) expect(r.ok).toBe(true);
        else expect(r.firstBad).toMatchObject({ seq: witnessed, reason: 'checkpoint-mismatch' });
      }),
    );
  });

  it('verifies a slice (an export) from its first entry, without calling the missing tail a truncation', async () => {
    expect(await verifyChain(good.slice(5, 12), [cp(good[8]), cp(good[19])], { partial: true })).toMatchObject({ ok: true, checked: 7 });
    expect((await verifyChain(good.slice(5, 12), [cp(chain(20, T0, 9)[8])], { partial: true })).firstBad).toMatchObject({ seq: 9, reason: 'checkpoint-mismatch' });
  });
});

describe('checkpoints and exports', () => {
  it('signs and verifies a checkpoint; another origin or key is refused', async () => {
    const kf = await generateKeyFile('TH', T0);
    const trusted: TrustedKey[] = [{ kid: activeKey(kf).kid, jwk: activeKey(kf).publicJwk }];
    const c: AuditCheckpoint = { origin: 'TH', seq: 42, head: 'c'.repeat(64), time: T0.toISOString() };
    const jws = await signCheckpoint(c, activeKey(kf));
    expect(await verifyCheckpoint(jws, 'TH', trusted, T0)).toEqual({ ...c, jws, kid: activeKey(kf).kid });
    await expect(verifyCheckpoint(jws, 'JP', trusted, T0)).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
    const other = await generateKeyFile('TH', T0);
    await expect(verifyCheckpoint(jws, 'TH', [{ kid: activeKey(other).kid, jwk: activeKey(other).publicJwk }], T0)).rejects.toMatchObject({ code: 'KEY_UNKNOWN' });
    const [h, p, s] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), seq: 41 })).toString('base64url');
    await expect(verifyCheckpoint(`${h}.${forged}.${s}`, 'TH', trusted, T0)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it.each(['jsonl', 'csv'] as const)('round-trips a %s export and detects a changed byte', async (format) => {
    const kf = await generateKeyFile('TH', T0);
    const trusted: TrustedKey[] = [{ kid: activeKey(kf).kid, jwk: activeKey(kf).publicJwk }];
    const entries = chain(10).map((e, i) => (i === 2 ? { ...e, purpose: 'a "quoted", multi, purpose' } : e));
    const fixed = relink(entries);
    const text = exportHeader(format) + fixed.map((e) => exportLine(e, format)).join('');
    expect(parseExport(text, format)).toEqual(fixed);
    const bytes = Buffer.from(text);
    const statement = { origin: 'TH', format, sha256: sha256Hex(bytes), entries: 10, firstSeq: 1, lastSeq: 10, from: T0.toISOString(), to: T0.toISOString(), checkpoints: [] };
    const sig = await signExport(statement, activeKey(kf), T0);
    expect(await verifyExport(sig, bytes, 'TH', trusted, T0)).toMatchObject({ entries: 10, format });
    const changed = Buffer.from(text.replace('regional report', 'regional rep0rt'));
    await expect(verifyExport(sig, changed, 'TH', trusted, T0)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('does not match its signature') });
  });
});
