import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry, Position } from 'geojson';
import countries110m from 'world-atlas/countries-110m.json';

// The world outline from Natural Earth (1:110m, public domain, through the
// world-atlas package), bundled into the console: no map tiles, nothing
// fetched. Drawn in a plain equirectangular projection: x = longitude,
// y = −latitude, which keeps grid cells square and exact.

/** ISO 3166-1 numeric → alpha-2 for the network's members (ASEAN Plus Three). */
const NUMERIC_TO_ALPHA2: Readonly<Record<string, string>> = {
  '096': 'BN', '116': 'KH', '360': 'ID', '418': 'LA', '458': 'MY', '104': 'MM', '608': 'PH', '702': 'SG', '764': 'TH', '704': 'VN',
  '626': 'TL', '156': 'CN', '392': 'JP', '410': 'KR',
};

/** Approximate centres, for labels and for members too small for the 1:110m outline (Singapore). */
export const CENTRES: Readonly<Record<string, [number, number]>> = {
  BN: [114.7, 4.5], KH: [104.9, 12.6], ID: [113.9, -0.8], LA: [102.5, 19.9], MY: [101.9, 4.2], MM: [96.0, 21.9], PH: [122.0, 12.9],
  SG: [103.82, 1.35], TH: [101.0, 15.8], VN: [106.3, 16.0], TL: [125.7, -8.8], CN: [104.2, 35.9], JP: [138.3, 36.2], KR: [127.8, 35.9],
};

export interface CountryShape {
  alpha2: string | null;
  name: string;
  path: string;
}

let shapes: CountryShape[] | null = null;

function ringPath(ring: Position[]): string {
  return ring.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(2)},${(-y).toFixed(2)}`).join('') + 'Z';
}

function geometryPath(g: Geometry | null): string {
  if (!g) return '';
  if (g.type === 'Polygon') return g.coordinates.map(ringPath).join('');
  if (g.type === 'MultiPolygon') return g.coordinates.flatMap((p) => p.map(ringPath)).join('');
  return '';
}

/** Every country's outline as an SVG path in projected coordinates (computed once). */
export function countryShapes(): CountryShape[] {
  if (shapes) return shapes;
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topology, topology.objects.countries);
  shapes = fc.features.map((f: Feature<Geometry, { name: string }>) => ({
    alpha2: NUMERIC_TO_ALPHA2[String(f.id)] ?? null,
    name: f.properties?.name ?? '',
    path: geometryPath(f.geometry),
  }));
  return shapes;
}
