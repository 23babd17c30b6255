import type { Theme } from '@littoral/contracts';

// The figures a catalogue entry advertises, computed from a dataset's rows.
// One reviewed query per theme, each returning exactly one row. Leaf tables
// (counts, concentrations, item counts) have no dataset index of their own, so
// they are reached through their parent's (dataset_id, …) unique index, and
// their own (parent_id, …) unique key: no full scans of the big tables.
//
// Columns of every query:
//   west, south, east, north  extent of every located row (null when none)
//   start_date, end_date      first and last date, as YYYY-MM-DD text
//   record_count              leaf records
//   sample_count              samples / surveys / events
//   variables                 text[] of measured variables present in the data
//   matrices, protocols       text[] (microplastics / beach litter only)

/** One row of a stats query, as pg returns it (bigint counts arrive as text). */
export interface StatsRow {
  west: number | null;
  south: number | null;
  east: number | null;
  north: number | null;
  start_date: string | null;
  end_date: string | null;
  record_count: string | number;
  sample_count: string | number;
  variables: string[] | null;
  matrices?: string[] | null;
  protocols?: string[] | null;
}

// A sample's date is the local calendar date where it was taken when the
// offset is known (that is what the data says), else the UTC date.
const MP_LOCAL_DATE = (col: string) => `to_char((${col} AT TIME ZONE 'UTC') + make_interval(mins => coalesce(s.utc_offset_minutes, 0)), 'YYYY-MM-DD')`;

// Each table is read once, into a one-row summary; the final SELECT combines
// the summaries. LEAST/GREATEST ignore NULLs, so a summary of no rows drops out.
const MICROPLASTICS = `
  WITH site AS (
    SELECT min(longitude) AS west, min(latitude) AS south, max(longitude) AS east, max(latitude) AS north
    FROM mp_site
    WHERE dataset_id = $1
  ),
  sample AS (
    SELECT s.id, s.matrix, s.latitude, s.longitude,
           ${MP_LOCAL_DATE('s.sampled_at')} AS first_day,
           ${MP_LOCAL_DATE('coalesce(s.sampled_until, s.sampled_at)')} AS last_day
    FROM mp_sample s
    WHERE s.dataset_id = $1
  ),
  samples AS (
    SELECT count(*) AS n, min(longitude) AS west, min(latitude) AS south, max(longitude) AS east, max(latitude) AS north,
           min(first_day) AS first_day, max(last_day) AS last_day,
           array_agg(DISTINCT matrix ORDER BY matrix) AS matrices
    FROM sample
  ),
  particles AS (
    SELECT count(*) AS n, count(c.shape) > 0 AS shape, count(c.size_class) > 0 AS size_class,
           count(c.colour) > 0 AS colour, count(c.mass_mg) > 0 AS mass,
           array_agg(DISTINCT c.polymer) FILTER (WHERE c.polymer IS NOT NULL) AS polymers
    FROM sample JOIN mp_particle_count c ON c.sample_id = sample.id
  ),
  concentrations AS (
    SELECT count(*) AS n, array_agg(DISTINCT c.unit_family) AS unit_families
    FROM sample JOIN mp_concentration c ON c.sample_id = sample.id
  )
  SELECT
    LEAST(site.west, samples.west) AS west,
    LEAST(site.south, samples.south) AS south,
    GREATEST(site.east, samples.east) AS east,
    GREATEST(site.north, samples.north) AS north,
    samples.first_day AS start_date,
    samples.last_day AS end_date,
    particles.n + concentrations.n AS record_count,
    samples.n AS sample_count,
    ARRAY(
      SELECT v FROM (
        SELECT 'particleCount' AS v WHERE particles.n > 0
        UNION ALL SELECT 'polymer' WHERE particles.polymers IS NOT NULL
        UNION ALL SELECT 'shape' WHERE particles.shape
        UNION ALL SELECT 'sizeClass' WHERE particles.size_class
        UNION ALL SELECT 'colour' WHERE particles.colour
        UNION ALL SELECT 'particleMass' WHERE particles.mass
        UNION ALL SELECT 'polymer:' || p FROM unnest(particles.polymers) p
        UNION ALL SELECT 'concentration:' || f FROM unnest(concentrations.unit_families) f
      ) variable ORDER BY v
    ) AS variables,
    coalesce(samples.matrices, '{}') AS matrices
  FROM site, samples, particles, concentrations`;

const BEACH_LITTER = `
  WITH beach AS (
    SELECT LEAST(min(start_longitude), min(end_longitude)) AS west, LEAST(min(start_latitude), min(end_latitude)) AS south,
           GREATEST(max(start_longitude), max(end_longitude)) AS east, GREATEST(max(start_latitude), max(end_latitude)) AS north
    FROM bl_beach_area
    WHERE dataset_id = $1
  ),
  survey AS (
    SELECT s.id, s.survey_date, s.protocol
    FROM bl_survey s
    WHERE s.dataset_id = $1
  ),
  surveys AS (
    SELECT count(*) AS n, min(survey_date) AS first_day, max(survey_date) AS last_day,
           array_agg(DISTINCT protocol ORDER BY protocol) FILTER (WHERE protocol IS NOT NULL) AS protocols
    FROM survey
  ),
  items AS (
    SELECT count(*) AS n, count(i.weight_kg) > 0 AS weight,
           array_agg(DISTINCT i.code_system) AS code_systems, array_agg(DISTINCT lc.material) AS materials
    FROM survey
    JOIN bl_item_count i ON i.survey_id = survey.id
    JOIN litter_code lc ON lc.code_system = i.code_system AND lc.code = i.code
  )
  SELECT
    beach.west, beach.south, beach.east, beach.north,
    to_char(surveys.first_day, 'YYYY-MM-DD') AS start_date,
    to_char(surveys.last_day, 'YYYY-MM-DD') AS end_date,
    items.n AS record_count,
    surveys.n AS sample_count,
    ARRAY(
      SELECT v FROM (
        SELECT 'itemCount' AS v WHERE items.n > 0
        UNION ALL SELECT 'itemWeight' WHERE items.weight
        UNION ALL SELECT 'litterCodes:' || c FROM unnest(items.code_systems) c
        UNION ALL SELECT 'material:' || m FROM unnest(items.materials) m
      ) variable ORDER BY v
    ) AS variables,
    coalesce(surveys.protocols, '{}') AS protocols
  FROM beach, surveys, items`;

// Dates of occurrences and events are kept as instants; the catalogue shows UTC dates.
const BIODIVERSITY = `
  WITH occurrences AS (
    SELECT count(*) AS n, min(longitude) AS west, min(latitude) AS south, max(longitude) AS east, max(latitude) AS north,
           min(event_start) AS first_time, max(coalesce(event_end, event_start)) AS last_time,
           count(individual_count) > 0 AS individual_count, count(organism_quantity) > 0 AS organism_quantity,
           count(DISTINCT scientific_name) AS taxa
    FROM bio_occurrence
    WHERE dataset_id = $1
  ),
  events AS (
    SELECT count(*) AS n, min(longitude) AS west, min(latitude) AS south, max(longitude) AS east, max(latitude) AS north,
           min(event_start) AS first_time, max(coalesce(event_end, event_start)) AS last_time
    FROM bio_event
    WHERE dataset_id = $1
  )
  SELECT
    LEAST(o.west, e.west) AS west,
    LEAST(o.south, e.south) AS south,
    GREATEST(o.east, e.east) AS east,
    GREATEST(o.north, e.north) AS north,
    to_char(LEAST(o.first_time, e.first_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS start_date,
    to_char(GREATEST(o.last_time, e.last_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS end_date,
    o.n AS record_count,
    e.n AS sample_count,
    ARRAY(
      SELECT v FROM (
        SELECT 'occurrence' AS v WHERE o.n > 0
        UNION ALL SELECT 'individualCount' WHERE o.individual_count
        UNION ALL SELECT 'organismQuantity' WHERE o.organism_quantity
        UNION ALL SELECT 'measurementOrFact' WHERE EXISTS (SELECT 1 FROM bio_measurement WHERE dataset_id = $1)
        UNION ALL SELECT 'taxa:' || o.taxa WHERE o.n > 0
      ) variable ORDER BY v
    ) AS variables
  FROM occurrences o, events e`;

/** The reviewed stats query of each theme; `$1` is the dataset id. */
export const DATASET_STATS_SQL: Readonly<Record<Theme, string>> = {
  microplastics: MICROPLASTICS,
  'beach-litter': BEACH_LITTER,
  biodiversity: BIODIVERSITY,
};
