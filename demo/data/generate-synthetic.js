#!/usr/bin/env node
// Writes the SYNTHETIC demo files of demo/data (see ATTRIBUTION.md): made-up
// microplastic samples and Clean Ocean Program surveys for the demo's Japan,
// Thailand and Philippines nodes, where no openly licensed real data exists.
// Deterministic (seeded), so running it again rewrites identical files:
//
//   node demo/data/generate-synthetic.js
//
// Sites and cities are real places (DOMAIN.md §5.3); every number is invented.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OUT = __dirname;

/** mulberry32: a small seeded PRNG, so the files never change between runs. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal value with the given median and spread (sigma of the log). */
const lognormal = (rand, median, sigma) => {
  const u = Math.max(rand(), 1e-9);
  const v = rand();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
};

const pad = (n) => String(n).padStart(2, '0');
const csvCell = (v) => (v === undefined || v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function writeCsv(file, header, rows) {
  const text = [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\n') + '\n';
  fs.writeFileSync(path.join(OUT, file), text);
  console.log(`${file}: ${rows.length} rows`);
}

const MP_HEADER = [
  'site_id', 'site_name', 'site_type', 'country', 'city', 'water_body', 'region', 'site_latitude', 'site_longitude',
  'sample_id', 'sampled_at', 'matrix', 'device', 'mesh_size_mm', 'size_min_mm', 'size_max_mm', 'id_method', 'method_ref',
  'notes', 'polymer', 'count', 'concentration', 'concentration_unit', 'correction',
];

/**
 * One sample = a bulk particle count, its polymer breakdown (which adds up to
 * the bulk count) and one reported concentration.
 */
function sampleRows(rand, site, sampleId, sampledAt, median) {
  const water = site.matrix === 'SW_SURF' || site.matrix === 'RW_SURF';
  const concentration = Number(lognormal(rand, median, 0.55).toFixed(3));
  const total = Math.max(3, Math.round(concentration * (water ? 40 : 0.25) + rand() * 6));
  const pe = Math.round(total * (0.4 + rand() * 0.15));
  const pp = Math.round((total - pe) * (0.5 + rand() * 0.2));
  const ps = total - pe - pp;
  const base = {
    site_id: site.id, site_name: site.name, site_type: site.type, country: site.country, city: site.city,
    water_body: site.waterBody, region: site.region, site_latitude: site.lat, site_longitude: site.lon,
    sample_id: sampleId, sampled_at: sampledAt, matrix: site.matrix, device: site.device,
    mesh_size_mm: site.mesh, size_min_mm: site.mesh, size_max_mm: 5, id_method: 'ATR_FTIR', method_ref: 'Michida2023v1.2',
    notes: 'SYNTHETIC demo data',
  };
  return [
    { ...base, count: total },
    { ...base, polymer: 'PE', count: pe },
    { ...base, polymer: 'PP', count: pp },
    { ...base, polymer: 'PS', count: ps },
    { ...base, concentration, concentration_unit: water ? 'pieces/m3' : 'items/kg dw', correction: 'NONE' },
  ];
}

/** Samples of `sites`, one per site at each of `dates` (local date-times with the site's offset). */
function microplastics(seed, sites, datesOf, median) {
  const rand = prng(seed);
  const rows = [];
  for (const site of sites) {
    for (const date of datesOf(site)) {
      const sampledAt = `${date}T${pad(8 + Math.floor(rand() * 4))}:${pad(Math.floor(rand() * 60))}${site.offset}`;
      rows.push(...sampleRows(rand, site, `${site.id}-${date}`, sampledAt, median(site)));
    }
  }
  return rows;
}

/** ISO dates: day `day` of every `stepMonths`-th month from `from` (YYYY-MM) to `to` (YYYY-MM), inclusive. */
function monthly(from, to, stepMonths, day) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${pad(m)}-${pad(day)}`);
    m += stepMonths;
    while (m > 12) { m -= 12; y += 1; }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Japan: river mouths and bays, 2019–2025; a handful of beach and sediment
// samples (fewer than Japan's k = 5, so the hub shows those groups suppressed).
// ---------------------------------------------------------------------------
const JP = { country: 'JP', offset: '+09:00', device: 'NEUSTON', mesh: 0.33 };
const jpSites = [
  { ...JP, id: 'JP-ARA', name: 'Arakawa river mouth', type: 'ESTUARY', city: 'Tokyo', waterBody: 'Arakawa', region: 'Tokyo Bay', lat: 35.63, lon: 139.86, matrix: 'RW_SURF' },
  { ...JP, id: 'JP-YOD', name: 'Yodo river mouth', type: 'ESTUARY', city: 'Osaka', waterBody: 'Yodo River', region: 'Osaka Bay', lat: 34.68, lon: 135.4, matrix: 'RW_SURF' },
  { ...JP, id: 'JP-TKB', name: 'Tokyo Bay centre', type: 'COASTAL', city: 'Yokohama', waterBody: 'Tokyo Bay', region: 'Tokyo Bay', lat: 35.45, lon: 139.8, matrix: 'SW_SURF', device: 'MANTA' },
  { ...JP, id: 'JP-ISE', name: 'Ise Bay mouth', type: 'COASTAL', city: 'Nagoya', waterBody: 'Ise Bay', region: 'Ise Bay', lat: 34.75, lon: 136.8, matrix: 'SW_SURF', device: 'MANTA' },
  { ...JP, id: 'JP-HKT', name: 'Hakata Bay', type: 'COASTAL', city: 'Fukuoka', waterBody: 'Hakata Bay', region: 'Genkai Sea', lat: 33.63, lon: 130.35, matrix: 'SW_SURF', device: 'MANTA' },
  { ...JP, id: 'JP-KJK', name: 'Kujukuri beach', type: 'BEACH', city: 'Chiba', waterBody: 'Pacific Ocean', region: 'Boso Peninsula', lat: 35.55, lon: 140.45, matrix: 'BEACH', device: 'QUADRAT', mesh: 1 },
  { ...JP, id: 'JP-OSK', name: 'Osaka Bay seabed', type: 'COASTAL', city: 'Kobe', waterBody: 'Osaka Bay', region: 'Osaka Bay', lat: 34.6, lon: 135.25, matrix: 'SED_SEA', device: 'GRAB', mesh: 0.3 },
];
const jpDates = (site) => {
  if (site.matrix === 'BEACH') return ['2022-05-14', '2023-05-20', '2024-05-18'];
  if (site.matrix === 'SED_SEA') return ['2022-10-04', '2024-10-08'];
  return monthly('2019-07', '2025-10', 6, site.matrix === 'RW_SURF' ? 12 : 20);
};
const jpMedian = (site) => ({ RW_SURF: 1.1, SW_SURF: 0.35, BEACH: 120, SED_SEA: 850 })[site.matrix];

// ---------------------------------------------------------------------------
// Thailand: Upper Gulf river mouths quarterly and two coastal stations twice a
// year, 2021 – mid 2026 (Thailand embargoes its last 365 days).
// ---------------------------------------------------------------------------
const TH = { country: 'TH', offset: '+07:00', device: 'NEUSTON', mesh: 0.33 };
const thSites = [
  { ...TH, id: 'TH-CPY', name: 'Chao Phraya mouth', type: 'ESTUARY', city: 'Samut Prakan', waterBody: 'Chao Phraya', region: 'Upper Gulf of Thailand', lat: 13.54, lon: 100.59, matrix: 'RW_SURF' },
  { ...TH, id: 'TH-THC', name: 'Tha Chin mouth', type: 'ESTUARY', city: 'Samut Sakhon', waterBody: 'Tha Chin', region: 'Upper Gulf of Thailand', lat: 13.5, lon: 100.28, matrix: 'RW_SURF' },
  { ...TH, id: 'TH-BPK', name: 'Bang Pakong mouth', type: 'ESTUARY', city: 'Chachoengsao', waterBody: 'Bang Pakong', region: 'Upper Gulf of Thailand', lat: 13.46, lon: 100.96, matrix: 'RW_SURF' },
  { ...TH, id: 'TH-SRC', name: 'Si Racha coast', type: 'COASTAL', city: 'Chon Buri', waterBody: 'Gulf of Thailand', region: 'Upper Gulf of Thailand', lat: 13.17, lon: 100.85, matrix: 'SW_SURF', device: 'MANTA' },
  { ...TH, id: 'TH-HHN', name: 'Hua Hin coast', type: 'COASTAL', city: 'Hua Hin', waterBody: 'Gulf of Thailand', region: 'Western Gulf of Thailand', lat: 12.57, lon: 99.98, matrix: 'SW_SURF', device: 'MANTA' },
];
const thDates = (site) => (site.matrix === 'RW_SURF' ? monthly('2021-02', '2026-05', 3, 8) : monthly('2021-03', '2026-06', 6, 15));
const thMedian = (site) => ({ RW_SURF: 2.4, SW_SURF: 0.6 })[site.matrix];

// ---------------------------------------------------------------------------
// Philippines: Manila Bay river mouths and bay stations, 2021–2025.
// ---------------------------------------------------------------------------
const PH = { country: 'PH', offset: '+08:00', device: 'NEUSTON', mesh: 0.33 };
const phSites = [
  { ...PH, id: 'PH-PAS', name: 'Pasig river mouth', type: 'ESTUARY', city: 'Manila', waterBody: 'Pasig River', region: 'Manila Bay', lat: 14.595, lon: 120.955, matrix: 'RW_SURF' },
  { ...PH, id: 'PH-PAM', name: 'Pampanga river mouth', type: 'ESTUARY', city: 'Bulacan', waterBody: 'Pampanga River', region: 'Manila Bay', lat: 14.77, lon: 120.68, matrix: 'RW_SURF' },
  { ...PH, id: 'PH-MNB', name: 'Manila Bay centre', type: 'COASTAL', city: 'Manila', waterBody: 'Manila Bay', region: 'Manila Bay', lat: 14.52, lon: 120.8, matrix: 'SW_SURF', device: 'MANTA' },
];
const phDates = () => monthly('2021-04', '2025-10', 6, 10);
const phMedian = (site) => ({ RW_SURF: 3.1, SW_SURF: 0.9 })[site.matrix];

// ---------------------------------------------------------------------------
// Clean Ocean Program: fixed beach areas, teams, monitoring surveys (100 m,
// OSPAR-style) and clean-ups, items by EU Joint List code.
// ---------------------------------------------------------------------------
const BL_HEADER = [
  'beach_id', 'beach_name', 'country', 'start_latitude', 'start_longitude', 'beach_length_m', 'substrate', 'location_type',
  'team_id', 'team_name', 'team_type', 'survey_id', 'survey_date', 'protocol', 'is_monitoring', 'surveyed_length_m',
  'volunteers', 'total_weight_kg', 'notes', 'code_system', 'item_code', 'size_class', 'item_count',
];
/** Item codes with their typical share of a survey's items. */
const ITEMS = [['J27', 0.3], ['J30', 0.18], ['J21', 0.14], ['J7', 0.1], ['J3', 0.1], ['J59', 0.08], ['J231', 0.1]];

function cleanOcean(seed, beaches, dates) {
  const rand = prng(seed);
  const rows = [];
  for (const b of beaches) {
    for (const date of dates) {
      const monitoring = rand() < 0.75;
      const length = monitoring ? 100 : 200 + Math.round(rand() * 6) * 50;
      const items = Math.round(lognormal(rand, b.itemsPer100m, 0.5) * (length / 100));
      const base = {
        beach_id: b.id, beach_name: b.name, country: b.country, start_latitude: b.lat, start_longitude: b.lon, beach_length_m: b.length,
        substrate: 'sand', location_type: b.locationType, team_id: b.team.id, team_name: b.team.name, team_type: b.team.type,
        survey_id: `${b.id}-${date}`, survey_date: date, protocol: monitoring ? 'OSPAR_100M' : 'FREE_CLEANUP', is_monitoring: monitoring,
        surveyed_length_m: length, volunteers: 8 + Math.floor(rand() * 30), total_weight_kg: Number((items * (0.01 + rand() * 0.02)).toFixed(1)),
        notes: 'SYNTHETIC demo data', code_system: 'JLIST', size_class: 'GE_2_5CM',
      };
      for (const [code, share] of ITEMS) {
        const n = Math.round(items * share * (0.7 + rand() * 0.6));
        if (n > 0) rows.push({ ...base, item_code: code, item_count: n });
      }
    }
  }
  return rows;
}

const thBeaches = [
  { id: 'TH-COP-BSN', name: 'Bang Saen beach', country: 'TH', lat: 13.29, lon: 100.9, length: 800, locationType: 'urban', itemsPer100m: 260, team: { id: 'TH-T-BUU', name: 'Burapha University volunteers', type: 'UNIVERSITY' } },
  { id: 'TH-COP-PTY', name: 'Pattaya north beach', country: 'TH', lat: 12.951, lon: 100.884, length: 600, locationType: 'urban', itemsPer100m: 310, team: { id: 'TH-T-PTY', name: 'Pattaya community group', type: 'COMMUNITY' } },
  { id: 'TH-COP-HHN', name: 'Hua Hin beach', country: 'TH', lat: 12.56, lon: 99.96, length: 1000, locationType: 'rural', itemsPer100m: 140, team: { id: 'TH-T-HHS', name: 'Hua Hin school eco club', type: 'SCHOOL' } },
];
const phBeaches = [
  { id: 'PH-COP-MBB', name: 'Manila Bay dolomite beach', country: 'PH', lat: 14.567, lon: 120.978, length: 500, locationType: 'urban', itemsPer100m: 420, team: { id: 'PH-T-MNL', name: 'Manila barangay volunteers', type: 'COMMUNITY' } },
  { id: 'PH-COP-PPB', name: 'Puerto Princesa bay beach', country: 'PH', lat: 9.741, lon: 118.735, length: 400, locationType: 'rural', itemsPer100m: 150, team: { id: 'PH-T-PSU', name: 'Palawan State University volunteers', type: 'UNIVERSITY' } },
];

writeCsv('jp/jp-coastal-microplastics.synthetic.csv', MP_HEADER, microplastics(7101, jpSites, jpDates, jpMedian));
writeCsv('th/th-river-mouth-microplastics.synthetic.csv', MP_HEADER, microplastics(7102, thSites, thDates, thMedian));
writeCsv('th/th-clean-ocean-program.synthetic.csv', BL_HEADER, cleanOcean(7103, thBeaches, monthly('2022-01', '2026-04', 4, 6)));
writeCsv('ph/ph-manila-bay-microplastics.synthetic.csv', MP_HEADER, microplastics(7104, phSites, phDates, phMedian));
writeCsv('ph/ph-clean-ocean-program.synthetic.csv', BL_HEADER, cleanOcean(7105, phBeaches, monthly('2022-03', '2025-11', 4, 16)));
