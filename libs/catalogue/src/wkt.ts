import type { BoundingBox } from '@littoral/contracts';

// dcat:bbox as a GeoSPARQL wktLiteral without CRS prefix, i.e. CRS84:
// longitude first, then latitude. A box crossing the antimeridian (west > east)
// becomes a MULTIPOLYGON of its two halves, because one polygon from 170 to
// -170 would cover the rest of the globe instead.

/** Is `b` a box with finite coordinates inside WGS84 ranges and south ≤ north? */
export function isSaneBoundingBox(b: BoundingBox): boolean {
  const { west, south, east, north } = b;
  return (
    [west, south, east, north].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    west >= -180 && west <= 180 && east >= -180 && east <= 180 &&
    south >= -90 && south <= 90 && north >= -90 && north <= 90 &&
    south <= north
  );
}

/** WKT of a bounding box, longitude latitude order. */
export function bboxToWkt(b: BoundingBox): string {
  // Round first, so the west > east decision is made on the numbers written.
  const [west, south, east, north] = [b.west, b.south, b.east, b.north].map(round);
  if (west > east) {
    return `MULTIPOLYGON((${ring(west, south, 180, north)}),(${ring(-180, south, east, north)}))`;
  }
  return `POLYGON(${ring(west, south, east, north)})`;
}

function ring(w: number, s: number, e: number, n: number): string {
  const p = (x: number, y: number) => `${num(x)} ${num(y)}`;
  return `(${p(w, s)},${p(e, s)},${p(e, n)},${p(w, n)},${p(w, s)})`;
}

// 7 decimals ≈ 1 cm, far finer than any sampling position.
function round(x: number): number {
  const r = Number(x.toFixed(7));
  return r === 0 ? 0 : r;
}

// Fixed notation, never exponents (not every WKT reader accepts them).
function num(x: number): string {
  return x.toFixed(7).replace(/\.?0+$/, '');
}

const NUM = '(-?\\d{1,3}(?:\\.\\d{1,15})?)';
const RING = new RegExp(`^\\(${Array(5).fill(`${NUM} ${NUM}`).join(',')}\\)$`);

/**
 * Reads back a box written by {@link bboxToWkt} (axis-aligned rectangles only).
 * Returns undefined for anything else.
 */
export function wktToBbox(wkt: string): BoundingBox | undefined {
  const text = wkt.replace(/\s*([(),])\s*/g, '$1').replace(/\s+/g, ' ').trim();
  const poly = /^POLYGON\((\(.*\))\)$/i.exec(text);
  if (poly) return readRing(poly[1]);
  const multi = /^MULTIPOLYGON\(\((\([^()]*\))\),\((\([^()]*\))\)\)$/i.exec(text);
  if (multi) {
    const a = readRing(multi[1]);
    const b = readRing(multi[2]);
    if (!a || !b || a.east !== 180 || b.west !== -180 || a.south !== b.south || a.north !== b.north || a.west <= b.east) {
      return undefined;
    }
    return { west: a.west, south: a.south, east: b.east, north: a.north };
  }
  return undefined;
}

function readRing(text: string): BoundingBox | undefined {
  const m = RING.exec(text);
  if (!m) return undefined;
  const v = m.slice(1).map(Number);
  const [w, s, e] = v;
  const n = v[5];
  const expected = [w, s, e, s, e, n, w, n, w, s];
  if (!expected.every((x, i) => x === v[i])) return undefined;
  return { west: w, south: s, east: e, north: n };
}
