import type { ImportKind } from '@littoral/contracts';

/** One column of a canonical CSV template. */
export interface FieldSpec {
  name: string;
  required?: boolean;
  description: string;
}

const f = (name: string, description: string, required = false): FieldSpec => ({ name, description, required });

/** Canonical microplastics template: one row per sample result (a particle count cell and/or a concentration). */
export const MICROPLASTICS_FIELDS: readonly FieldSpec[] = [
  f('site_id', 'stable id of the monitoring site within the dataset', true),
  f('site_name', 'site name'),
  f('site_type', 'RIVER | ESTUARY | COASTAL | BEACH | OFFSHORE | LAKE', true),
  f('country', 'ISO 3166-1 alpha-2 code or country name'),
  f('city', 'nearest coastal or river city'),
  f('water_body', 'sea, bay, river or lake name'),
  f('region', 'region or sub-region name'),
  f('site_latitude', 'WGS84 decimal degrees, -90..90'),
  f('site_longitude', 'WGS84 decimal degrees, -180..180'),
  f('sample_id', 'stable id of the sample within the dataset', true),
  f('sampled_at', 'ISO 8601 date, date-time with offset, year, year-month, or interval start/end', true),
  f('sampled_until', 'ISO 8601 end of sampling (tow end), optional'),
  f('matrix', 'SW_SURF | SW_COL | RW_SURF | SED_SEA | SED_RIV | BEACH | BIOTA | AIR', true),
  f('device', 'MANTA | NEUSTON | AVANI | PLANKTON | BULK | PUMP | NISKIN | GRAB | CORE | QUADRAT | HAND | ROV (or a common device name)'),
  f('mesh_size_mm', 'net mesh or filter size, mm'),
  f('volume_m3', 'filtered water volume, m3'),
  f('area_m2', 'area sampled (net width x tow distance, or quadrat), m2'),
  f('mass_kg', 'sediment or sand mass sampled, kg'),
  f('mass_basis', 'DRY | WET (required with mass_kg)'),
  f('depth_m', 'sampling depth or net immersion depth, m'),
  f('sample_latitude', 'sample position if it differs from the site'),
  f('sample_longitude', 'sample position if it differs from the site'),
  f('size_min_mm', 'lower size limit of the particles counted, mm'),
  f('size_max_mm', 'upper size limit of the particles counted, mm'),
  f('id_method', 'VIS | HOT_NEEDLE | ATR_FTIR | MICRO_FTIR | RAMAN | LDIR | NIR | PYGCMS | NILE_RED'),
  f('method_ref', 'method reference, e.g. Michida2023v1.2'),
  f('notes', 'free text'),
  f('size_class', 'SMP_LT_0_3 | MP_0_3_1 | MP_1_5 | MESO_5_25 | MACRO_GT_25'),
  f('polymer', 'PE | PP | PS | … (DOMAIN §1.7)'),
  f('shape', 'FRAGMENT | FILM | FOAM | FIBRE | LINE | PELLET | BEAD | RUBBER | OTHER'),
  f('colour', 'TRANSPARENT | WHITE | BLACK | … (DOMAIN §1.8)'),
  f('category', 'the source\'s own category name for this count, kept verbatim'),
  f('count', 'number of particles in this cell (integer >= 0)'),
  f('particle_mass_mg', 'mass of the particles in this cell, mg'),
  f('concentration', 'concentration value as reported'),
  f('concentration_unit', 'unit of the concentration, e.g. pieces/m3, pieces/km2, items/kg dw'),
  f('concentration_class', 'source concentration class label, kept verbatim (e.g. NCEI "Medium")'),
  f('correction', 'NONE | WIND_MIXING (vertical-mixing corrected value)'),
];

/** Canonical beach-litter template: one row per survey and litter item code. */
export const BEACH_LITTER_FIELDS: readonly FieldSpec[] = [
  f('beach_id', 'stable id of the fixed beach area within the dataset', true),
  f('beach_name', 'beach name'),
  f('country', 'ISO 3166-1 alpha-2 code or country name'),
  f('start_latitude', 'start of the surveyed segment, WGS84'),
  f('start_longitude', 'start of the surveyed segment, WGS84'),
  f('end_latitude', 'end of the surveyed segment, WGS84'),
  f('end_longitude', 'end of the surveyed segment, WGS84'),
  f('beach_length_m', 'length of the fixed beach area, m'),
  f('beach_area_m2', 'area of the fixed beach area, m2'),
  f('substrate', 'sand, gravel, pebble, rock, mud, mixed …'),
  f('location_type', 'rural, urban, near river mouth …'),
  f('team_id', 'stable id of the team within the dataset'),
  f('team_name', 'team name (never personal names of members)'),
  f('team_type', 'COMMUNITY | UNIVERSITY | SCHOOL | NGO | GOVERNMENT (agency) | COMPANY'),
  f('survey_id', 'stable id of the survey or clean-up within the dataset', true),
  f('survey_date', 'ISO 8601 date of the survey', true),
  f('started_at', 'ISO 8601 date-time with offset'),
  f('ended_at', 'ISO 8601 date-time with offset'),
  f('protocol', 'OSPAR_100M | MDMAP_ACC | MDMAP_SS | UNEP_IOC | ICC_CLEANUP | FREE_CLEANUP'),
  f('is_monitoring', 'true for a standardised monitoring survey, false for a clean-up', true),
  f('surveyed_length_m', 'length of shore covered, m'),
  f('surveyed_area_m2', 'area covered, m2'),
  f('mean_width_m', 'mean beach width, m'),
  f('volunteers', 'number of volunteers'),
  f('volunteer_hours', 'volunteer hours'),
  f('bags', 'bags filled'),
  f('total_weight_kg', 'total weight collected, kg'),
  f('event_type', 'the source\'s own event type, kept verbatim'),
  f('notes', 'free text'),
  f('code_system', 'JLIST | GMSFD | UNEP_IOC (default JLIST)'),
  f('item_code', 'litter item code, e.g. J27 or G27'),
  f('size_class', 'GE_2_5CM | LT_2_5CM'),
  f('item_count', 'number of items of this code (integer >= 0)'),
  f('item_weight_kg', 'weight of the items of this code, kg'),
];

/** Darwin Core occurrence terms (occurrence core CSV, or the occurrence table of an archive). */
export const OCCURRENCE_FIELDS: readonly FieldSpec[] = [
  f('occurrenceID', 'persistent id of the occurrence', true),
  f('eventID', 'event the occurrence belongs to (event-core archives)'),
  f('scientificName', 'name as recorded, lowest rank possible', true),
  f('scientificNameID', 'WoRMS LSID, urn:lsid:marinespecies.org:taxname:<AphiaID>'),
  f('taxonRank', 'rank of scientificName'),
  f('kingdom', 'kingdom'),
  f('vernacularName', 'common name'),
  f('eventDate', 'ISO 8601 date, date-time or interval'),
  f('decimalLatitude', 'WGS84 decimal degrees (inherited from the event when empty)'),
  f('decimalLongitude', 'WGS84 decimal degrees (inherited from the event when empty)'),
  f('coordinateUncertaintyInMeters', 'radius of uncertainty, m'),
  f('minimumDepthInMeters', 'm, positive downwards'),
  f('maximumDepthInMeters', 'm, positive downwards'),
  f('individualCount', 'number of individuals (integer >= 0)'),
  f('organismQuantity', 'quantity'),
  f('organismQuantityType', 'type of the quantity'),
  f('basisOfRecord', 'HumanObservation | MachineObservation | PreservedSpecimen | … ', true),
  f('occurrenceStatus', 'present | absent (default present)'),
  f('iucnRedListCategory', 'EX | EW | CR | EN | VU | NT | LC | DD | NE'),
  f('sensitive', 'true to generalise positions by default'),
  f('locality', 'place name'),
  f('countryCode', 'ISO 3166-1 alpha-2'),
  f('country', 'country name'),
  f('occurrenceRemarks', 'free text'),
];

export const EVENT_FIELDS: readonly FieldSpec[] = [
  f('eventID', 'id of the event', true),
  f('parentEventID', 'id of the parent event'),
  f('eventType', 'cruise, station, sample … (Darwin Core `type` is read too)'),
  f('eventDate', 'ISO 8601 date, date-time or interval'),
  f('decimalLatitude', 'WGS84'),
  f('decimalLongitude', 'WGS84'),
  f('coordinateUncertaintyInMeters', 'm'),
  f('minimumDepthInMeters', 'm'),
  f('maximumDepthInMeters', 'm'),
  f('locality', 'place name'),
  f('countryCode', 'ISO 3166-1 alpha-2'),
  f('samplingProtocol', 'protocol name or reference'),
  f('eventRemarks', 'free text'),
];

export const MEASUREMENT_FIELDS: readonly FieldSpec[] = [
  f('measurementID', 'id of the measurement'),
  f('eventID', 'event measured (required unless occurrenceID is given)'),
  f('occurrenceID', 'occurrence measured'),
  f('measurementType', 'what was measured', true),
  f('measurementTypeID', 'NERC P01 concept URI'),
  f('measurementValue', 'value'),
  f('measurementValueID', 'vocabulary URI of the value'),
  f('measurementUnit', 'unit'),
  f('measurementUnitID', 'NERC P06 concept URI'),
];

/** Canonical tables of each import kind. */
export const CANONICAL_TABLES: Readonly<Record<ImportKind, Readonly<Record<string, readonly FieldSpec[]>>>> = {
  microplastics: { row: MICROPLASTICS_FIELDS },
  'beach-litter': { row: BEACH_LITTER_FIELDS },
  occurrences: { occurrence: OCCURRENCE_FIELDS, event: EVENT_FIELDS, measurement: MEASUREMENT_FIELDS },
};
