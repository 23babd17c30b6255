import fc from 'fast-check';
import { canonicalJson, contentHash } from './content-hash';

describe('contentHash', () => {
  it('does not depend on the order members were built in, at any depth', () => {
    expect(contentHash({ a: 1, b: { c: [1, { d: 2, e: 3 }], f: null } })).toBe(contentHash({ b: { f: null, c: [1, { e: 3, d: 2 }] }, a: 1 }));
  });

  it('changes when any value changes, and keeps array order significant', () => {
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 'x' })).not.toBe(contentHash({ b: 'x' }));
  });

  it('keeps a member named __proto__', () => {
    const v = JSON.parse('{"__proto__":{"a":1},"b":2}');
    expect(canonicalJson(v)).toBe('{"__proto__":{"a":1},"b":2}');
    expect(contentHash(v)).not.toBe(contentHash({ b: 2 }));
  });

  it('canonical JSON parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('hashes a value and its reordered copy alike', () => {
    const reorder = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(contentHash(reorder(v))).toBe(contentHash(v))));
  });
});
