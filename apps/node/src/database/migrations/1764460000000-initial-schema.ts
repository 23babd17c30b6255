import type { MigrationInterface, QueryRunner } from 'typeorm';

// The node's sovereign data store. Code lists are written out here (not
// imported) so this migration means the same thing forever; a new code is a
// new migration. Every record carries its dataset, and composite foreign keys
// make a child record's dataset equal its parent's.

const list = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

const THEMES = ['microplastics', 'beach-litter', 'biodiversity'];
const SITE_TYPES = ['RIVER', 'ESTUARY', 'COASTAL', 'BEACH', 'OFFSHORE', 'LAKE'];
const MATRICES = ['SW_SURF', 'SW_COL', 'RW_SURF', 'SED_SEA', 'SED_RIV', 'BEACH', 'BIOTA', 'AIR'];
const DEVICES = ['MANTA', 'NEUSTON', 'AVANI', 'PLANKTON', 'BULK', 'PUMP', 'NISKIN', 'GRAB', 'CORE', 'QUADRAT', 'HAND', 'ROV'];
const ID_METHODS = ['VIS', 'HOT_NEEDLE', 'ATR_FTIR', 'MICRO_FTIR', 'RAMAN', 'LDIR', 'NIR', 'PYGCMS', 'NILE_RED'];
const SIZE_CLASSES = ['SMP_LT_0_3', 'MP_0_3_1', 'MP_1_5', 'MESO_5_25', 'MACRO_GT_25'];
const POLYMERS = ['PE', 'LDPE', 'HDPE', 'PP', 'PS', 'EPS', 'PET', 'PES', 'PVC', 'PA', 'PU', 'PMMA', 'PAN', 'PC', 'ABS', 'EVA', 'PTFE', 'PLA', 'ALK', 'RUB', 'CA', 'CEL_MOD', 'OTH', 'UNK'];
const SHAPES = ['FRAGMENT', 'FILM', 'FOAM', 'FIBRE', 'LINE', 'PELLET', 'BEAD', 'RUBBER', 'OTHER'];
const COLOURS = ['TRANSPARENT', 'WHITE', 'BLACK', 'GREY', 'RED', 'PINK', 'ORANGE', 'YELLOW', 'BROWN', 'GREEN', 'BLUE', 'PURPLE', 'MULTI', 'OTHER'];
const UNIT_FAMILIES = ['VOLUME', 'AREA_SEA', 'MASS_DRY', 'MASS_WET', 'AREA_BEACH', 'LENGTH_BEACH', 'PER_INDIVIDUAL', 'EFFORT', 'MASS_CONC_VOLUME', 'MASS_CONC_AREA', 'MASS_CONC_MASS', 'FLUX_TIME', 'FLUX_AREA_TIME'];
const CODE_SYSTEMS = ['JLIST', 'GMSFD', 'UNEP_IOC', 'ICC', 'MDMAP'];
const TEAM_TYPES = ['COMMUNITY', 'UNIVERSITY', 'SCHOOL', 'NGO', 'GOVERNMENT', 'COMPANY'];
const PROTOCOLS = ['OSPAR_100M', 'MDMAP_ACC', 'MDMAP_SS', 'UNEP_IOC', 'ICC_CLEANUP', 'FREE_CLEANUP'];
const IUCN = ['EX', 'EW', 'CR', 'EN', 'VU', 'NT', 'LC', 'DD', 'NE', 'LR/cd'];
const BASIS = ['HumanObservation', 'MachineObservation', 'PreservedSpecimen', 'LivingSpecimen', 'FossilSpecimen', 'MaterialSample', 'MaterialCitation', 'Occurrence'];

const lat = (col: string) => `${col} double precision CHECK (${col} BETWEEN -90 AND 90)`;
const lon = (col: string) => `${col} double precision CHECK (${col} BETWEEN -180 AND 180)`;
const nonNeg = (col: string, type = 'double precision') => `${col} ${type} CHECK (${col} >= 0)`;
const positive = (col: string) => `${col} double precision CHECK (${col} > 0)`;
const country = (col: string) => `${col} text CHECK (${col} ~ '^[A-Z]{2}$')`;

export class InitialSchema1764460000000 implements MigrationInterface {
  name = 'InitialSchema1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dataset (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        description text,
        theme text NOT NULL CHECK (theme IN (${list(THEMES)})),
        keywords text[] NOT NULL DEFAULT '{}',
        license text NOT NULL CHECK (license ~ '^[A-Za-z0-9.+-]+$'),
        publisher text,
        contact_name text,
        contact_email text CHECK (contact_email ~ '^[^@\\s]+@[^@\\s]+$'),
        conforms_to text[] NOT NULL DEFAULT '{}',
        area_west double precision CHECK (area_west BETWEEN -180 AND 180),
        area_south double precision CHECK (area_south BETWEEN -90 AND 90),
        area_east double precision CHECK (area_east BETWEEN -180 AND 180),
        area_north double precision CHECK (area_north BETWEEN -90 AND 90),
        created_at timestamptz NOT NULL DEFAULT now(),
        modified_at timestamptz NOT NULL DEFAULT now(),
        data_modified_at timestamptz,
        CONSTRAINT dataset_area_complete CHECK (
          (area_west IS NULL AND area_south IS NULL AND area_east IS NULL AND area_north IS NULL)
          OR (area_west IS NOT NULL AND area_south IS NOT NULL AND area_east IS NOT NULL AND area_north IS NOT NULL AND area_south <= area_north))
      )`);

    await q.query(`
      CREATE TABLE import_run (
        id uuid PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('microplastics', 'beach-litter', 'occurrences')),
        format text NOT NULL,
        file_name text NOT NULL,
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        status text NOT NULL CHECK (status IN ('SUCCEEDED', 'PARTIAL', 'REJECTED', 'FAILED')),
        rows_read integer NOT NULL CHECK (rows_read >= 0),
        rows_stored integer NOT NULL CHECK (rows_stored >= 0),
        rows_rejected integer NOT NULL CHECK (rows_rejected >= 0),
        rows_duplicate integer NOT NULL CHECK (rows_duplicate >= 0),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        message text,
        errors jsonb NOT NULL DEFAULT '[]',
        options jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX import_run_dataset_idx ON import_run (dataset_id, started_at DESC)`);

    // --- microplastics -------------------------------------------------
    await q.query(`
      CREATE TABLE mp_site (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        name text,
        site_type text NOT NULL CHECK (site_type IN (${list(SITE_TYPES)})),
        ${country('country_code')},
        city text,
        water_body text,
        region text,
        ${lat('latitude')},
        ${lon('longitude')},
        CONSTRAINT mp_site_position_complete CHECK ((latitude IS NULL) = (longitude IS NULL)),
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`
      CREATE TABLE mp_sample (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        site_id bigint NOT NULL,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        sampled_at timestamptz,
        sampled_until timestamptz,
        utc_offset_minutes smallint CHECK (utc_offset_minutes BETWEEN -900 AND 900),
        date_verbatim text,
        matrix text NOT NULL CHECK (matrix IN (${list(MATRICES)})),
        device text CHECK (device IN (${list(DEVICES)})),
        device_verbatim text,
        ${positive('mesh_size_mm')},
        ${positive('volume_m3')},
        ${positive('area_m2')},
        ${positive('mass_kg')},
        mass_basis text CHECK (mass_basis IN ('DRY', 'WET')),
        ${nonNeg('depth_m')},
        ${lat('latitude')},
        ${lon('longitude')},
        ${nonNeg('size_min_mm')},
        ${positive('size_max_mm')},
        id_method text CHECK (id_method IN (${list(ID_METHODS)})),
        method_ref text,
        notes text,
        CONSTRAINT mp_sample_position_complete CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT mp_sample_size_window CHECK (size_min_mm IS NULL OR size_max_mm IS NULL OR size_min_mm < size_max_mm),
        CONSTRAINT mp_sample_period CHECK (sampled_until IS NULL OR sampled_at IS NULL OR sampled_until >= sampled_at),
        CONSTRAINT mp_sample_mass_basis CHECK (mass_kg IS NULL OR mass_basis IS NOT NULL),
        FOREIGN KEY (dataset_id, site_id) REFERENCES mp_site(dataset_id, id) ON DELETE CASCADE,
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`CREATE INDEX mp_sample_site_idx ON mp_sample (site_id)`);
    await q.query(`CREATE INDEX mp_sample_time_idx ON mp_sample (dataset_id, sampled_at)`);
    await q.query(`
      CREATE TABLE mp_particle_count (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        sample_id bigint NOT NULL,
        size_class text CHECK (size_class IN (${list(SIZE_CLASSES)})),
        polymer text CHECK (polymer IN (${list(POLYMERS)})),
        shape text CHECK (shape IN (${list(SHAPES)})),
        colour text CHECK (colour IN (${list(COLOURS)})),
        category_verbatim text,
        ${nonNeg('count', 'integer')} NOT NULL,
        ${nonNeg('mass_mg')},
        FOREIGN KEY (dataset_id, sample_id) REFERENCES mp_sample(dataset_id, id) ON DELETE CASCADE,
        CONSTRAINT mp_particle_count_cell UNIQUE NULLS NOT DISTINCT (sample_id, size_class, polymer, shape, colour, category_verbatim)
      )`);
    await q.query(`
      CREATE TABLE mp_concentration (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        sample_id bigint NOT NULL,
        size_class text CHECK (size_class IN (${list(SIZE_CLASSES)})),
        ${nonNeg('size_min_mm')},
        ${positive('size_max_mm')},
        unit_family text NOT NULL CHECK (unit_family IN (${list(UNIT_FAMILIES)})),
        ${nonNeg('value')},
        unit text NOT NULL,
        original_value double precision,
        original_unit text NOT NULL,
        ${nonNeg('particle_count', 'integer')},
        correction text NOT NULL DEFAULT 'NONE' CHECK (correction IN ('NONE', 'WIND_MIXING')),
        derived boolean NOT NULL DEFAULT false,
        concentration_class text,
        FOREIGN KEY (dataset_id, sample_id) REFERENCES mp_sample(dataset_id, id) ON DELETE CASCADE,
        CONSTRAINT mp_concentration_result UNIQUE NULLS NOT DISTINCT (sample_id, unit_family, size_class, size_min_mm, size_max_mm, correction)
      )`);

    // --- beach litter / Clean Ocean Program ----------------------------
    await q.query(`
      CREATE TABLE litter_code (
        code_system text NOT NULL CHECK (code_system IN (${list(CODE_SYSTEMS)})),
        code text NOT NULL,
        material text NOT NULL,
        label text NOT NULL,
        PRIMARY KEY (code_system, code)
      )`);
    await q.query(`
      CREATE TABLE bl_beach_area (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        name text,
        ${country('country_code')},
        ${lat('start_latitude')},
        ${lon('start_longitude')},
        ${lat('end_latitude')},
        ${lon('end_longitude')},
        ${positive('length_m')},
        ${positive('area_m2')},
        substrate text,
        location_type text,
        CONSTRAINT bl_beach_start_complete CHECK ((start_latitude IS NULL) = (start_longitude IS NULL)),
        CONSTRAINT bl_beach_end_complete CHECK ((end_latitude IS NULL) = (end_longitude IS NULL)),
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`
      CREATE TABLE bl_team (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        source_key text NOT NULL,
        name text,
        team_type text CHECK (team_type IN (${list(TEAM_TYPES)})),
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`
      CREATE TABLE bl_survey (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        beach_area_id bigint NOT NULL,
        team_id bigint,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        survey_date date NOT NULL,
        started_at timestamptz,
        ended_at timestamptz,
        protocol text CHECK (protocol IN (${list(PROTOCOLS)})),
        is_monitoring boolean NOT NULL,
        ${positive('surveyed_length_m')},
        ${positive('surveyed_area_m2')},
        ${positive('mean_width_m')},
        ${nonNeg('volunteers', 'integer')},
        ${nonNeg('volunteer_hours')},
        ${nonNeg('bags', 'integer')},
        ${nonNeg('total_weight_kg')},
        event_type_verbatim text,
        notes text,
        CONSTRAINT bl_survey_period CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at),
        FOREIGN KEY (dataset_id, beach_area_id) REFERENCES bl_beach_area(dataset_id, id) ON DELETE CASCADE,
        FOREIGN KEY (dataset_id, team_id) REFERENCES bl_team(dataset_id, id),
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`CREATE INDEX bl_survey_beach_idx ON bl_survey (beach_area_id, survey_date)`);
    await q.query(`
      CREATE TABLE bl_item_count (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        survey_id bigint NOT NULL,
        code_system text NOT NULL,
        code text NOT NULL,
        size_class text CHECK (size_class IN ('GE_2_5CM', 'LT_2_5CM')),
        ${nonNeg('count', 'integer')} NOT NULL,
        ${nonNeg('weight_kg')},
        FOREIGN KEY (dataset_id, survey_id) REFERENCES bl_survey(dataset_id, id) ON DELETE CASCADE,
        FOREIGN KEY (code_system, code) REFERENCES litter_code(code_system, code),
        CONSTRAINT bl_item_count_cell UNIQUE NULLS NOT DISTINCT (survey_id, code_system, code, size_class)
      )`);

    // --- biodiversity (Darwin Core) ------------------------------------
    await q.query(`
      CREATE TABLE bio_event (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        parent_id bigint,
        event_type text,
        event_start timestamptz,
        event_end timestamptz,
        date_verbatim text,
        ${lat('latitude')},
        ${lon('longitude')},
        ${nonNeg('coordinate_uncertainty_m')},
        ${nonNeg('min_depth_m')},
        ${nonNeg('max_depth_m')},
        locality text,
        ${country('country_code')},
        sampling_protocol text,
        remarks text,
        CONSTRAINT bio_event_position_complete CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT bio_event_depth CHECK (min_depth_m IS NULL OR max_depth_m IS NULL OR min_depth_m <= max_depth_m),
        CONSTRAINT bio_event_period CHECK (event_end IS NULL OR event_start IS NULL OR event_end >= event_start),
        FOREIGN KEY (dataset_id, parent_id) REFERENCES bio_event(dataset_id, id) ON DELETE CASCADE,
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`
      CREATE TABLE bio_occurrence (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
        event_id bigint,
        source_key text NOT NULL,
        import_id uuid REFERENCES import_run(id) ON DELETE SET NULL,
        scientific_name text NOT NULL CHECK (length(btrim(scientific_name)) > 0),
        scientific_name_id text,
        taxon_rank text,
        kingdom text,
        vernacular_name text,
        event_start timestamptz,
        event_end timestamptz,
        date_verbatim text,
        ${lat('latitude')},
        ${lon('longitude')},
        ${nonNeg('coordinate_uncertainty_m')},
        ${nonNeg('min_depth_m')},
        ${nonNeg('max_depth_m')},
        ${nonNeg('individual_count', 'integer')},
        organism_quantity double precision,
        organism_quantity_type text,
        basis_of_record text NOT NULL CHECK (basis_of_record IN (${list(BASIS)})),
        occurrence_status text NOT NULL DEFAULT 'present' CHECK (occurrence_status IN ('present', 'absent')),
        iucn_category text CHECK (iucn_category IN (${list(IUCN)})),
        sensitive_flag boolean NOT NULL DEFAULT false,
        sensitive boolean GENERATED ALWAYS AS (sensitive_flag OR coalesce(iucn_category IN ('CR', 'EN', 'VU'), false)) STORED,
        locality text,
        ${country('country_code')},
        remarks text,
        CONSTRAINT bio_occurrence_position_complete CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT bio_occurrence_depth CHECK (min_depth_m IS NULL OR max_depth_m IS NULL OR min_depth_m <= max_depth_m),
        CONSTRAINT bio_occurrence_period CHECK (event_end IS NULL OR event_start IS NULL OR event_end >= event_start),
        FOREIGN KEY (dataset_id, event_id) REFERENCES bio_event(dataset_id, id) ON DELETE CASCADE,
        UNIQUE (dataset_id, source_key),
        UNIQUE (dataset_id, id)
      )`);
    await q.query(`CREATE INDEX bio_occurrence_event_idx ON bio_occurrence (event_id)`);
    await q.query(`CREATE INDEX bio_occurrence_time_idx ON bio_occurrence (dataset_id, event_start)`);
    await q.query(`
      CREATE TABLE bio_measurement (
        id bigserial PRIMARY KEY,
        dataset_id text NOT NULL,
        event_id bigint,
        occurrence_id bigint,
        source_key text NOT NULL,
        measurement_type text NOT NULL CHECK (length(btrim(measurement_type)) > 0),
        measurement_type_id text,
        measurement_value text,
        measurement_value_id text,
        measurement_unit text,
        measurement_unit_id text,
        CONSTRAINT bio_measurement_subject CHECK (event_id IS NOT NULL OR occurrence_id IS NOT NULL),
        FOREIGN KEY (dataset_id, event_id) REFERENCES bio_event(dataset_id, id) ON DELETE CASCADE,
        FOREIGN KEY (dataset_id, occurrence_id) REFERENCES bio_occurrence(dataset_id, id) ON DELETE CASCADE,
        UNIQUE (dataset_id, source_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['bio_measurement', 'bio_occurrence', 'bio_event', 'bl_item_count', 'bl_survey', 'bl_team', 'bl_beach_area', 'litter_code', 'mp_concentration', 'mp_particle_count', 'mp_sample', 'mp_site', 'import_run', 'dataset']) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
  }
}
