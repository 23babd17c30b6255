// Controlled vocabularies of the network, taken from the shared domain reference
// (DOMAIN.md). Codes are stable machine identifiers: they are stored in every
// node's database and travel in queries, so never rename one; add new ones.

/** Dataset themes a node can hold. */
export const THEMES = ['microplastics', 'beach-litter', 'biodiversity'] as const;
export type Theme = (typeof THEMES)[number];

/** Monitoring site types (BRIEF: river, estuary, coastal, beach, offshore; LAKE for freshwater compilations). */
export const SITE_TYPES = ['RIVER', 'ESTUARY', 'COASTAL', 'BEACH', 'OFFSHORE', 'LAKE'] as const;
export type SiteType = (typeof SITE_TYPES)[number];

/** Sampled matrix / compartment (DOMAIN §1.3). */
export const MATRICES = ['SW_SURF', 'SW_COL', 'RW_SURF', 'SED_SEA', 'SED_RIV', 'BEACH', 'BIOTA', 'AIR'] as const;
export type Matrix = (typeof MATRICES)[number];

/** Sampling devices (DOMAIN §1.4). */
export const DEVICES = [
  'MANTA', 'NEUSTON', 'AVANI', 'PLANKTON', 'BULK', 'PUMP', 'NISKIN', 'GRAB', 'CORE', 'QUADRAT', 'HAND', 'ROV',
] as const;
export type Device = (typeof DEVICES)[number];

/** Processing / polymer identification methods (DOMAIN §1.6). */
export const ID_METHODS = [
  'VIS', 'HOT_NEEDLE', 'ATR_FTIR', 'MICRO_FTIR', 'RAMAN', 'LDIR', 'NIR', 'PYGCMS', 'NILE_RED',
] as const;
export type IdMethod = (typeof ID_METHODS)[number];

/** Particle size bins of the network (DOMAIN §1.2), with their ranges in mm. */
export const SIZE_CLASSES = ['SMP_LT_0_3', 'MP_0_3_1', 'MP_1_5', 'MESO_5_25', 'MACRO_GT_25'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];
export const SIZE_CLASS_RANGES_MM: Readonly<Record<SizeClass, readonly [number, number]>> = {
  SMP_LT_0_3: [0, 0.3],
  MP_0_3_1: [0.3, 1],
  MP_1_5: [1, 5],
  MESO_5_25: [5, 25],
  MACRO_GT_25: [25, Number.POSITIVE_INFINITY],
};

/** Polymer codes (DOMAIN §1.7, ISO 1043-1 abbreviations). */
export const POLYMERS = [
  'PE', 'LDPE', 'HDPE', 'PP', 'PS', 'EPS', 'PET', 'PES', 'PVC', 'PA', 'PU', 'PMMA', 'PAN', 'PC', 'ABS', 'EVA',
  'PTFE', 'PLA', 'ALK', 'RUB', 'CA', 'CEL_MOD', 'OTH', 'UNK',
] as const;
export type Polymer = (typeof POLYMERS)[number];

/** Particle shapes (DOMAIN §1.8). */
export const SHAPES = ['FRAGMENT', 'FILM', 'FOAM', 'FIBRE', 'LINE', 'PELLET', 'BEAD', 'RUBBER', 'OTHER'] as const;
export type Shape = (typeof SHAPES)[number];

/** Particle colours (DOMAIN §1.8). */
export const COLOURS = [
  'TRANSPARENT', 'WHITE', 'BLACK', 'GREY', 'RED', 'PINK', 'ORANGE', 'YELLOW', 'BROWN', 'GREEN', 'BLUE', 'PURPLE',
  'MULTI', 'OTHER',
] as const;
export type Colour = (typeof COLOURS)[number];

/** Litter code systems (DOMAIN §2.8). */
export const LITTER_CODE_SYSTEMS = ['JLIST', 'GMSFD', 'UNEP_IOC', 'ICC', 'MDMAP'] as const;
export type LitterCodeSystem = (typeof LITTER_CODE_SYSTEMS)[number];

/** Team types of the Clean Ocean Program (DOMAIN §2.8; an agency team is GOVERNMENT). */
export const TEAM_TYPES = ['COMMUNITY', 'UNIVERSITY', 'SCHOOL', 'NGO', 'GOVERNMENT', 'COMPANY'] as const;
export type TeamType = (typeof TEAM_TYPES)[number];

/** Beach-litter survey protocols (DOMAIN §2.8). */
export const SURVEY_PROTOCOLS = ['OSPAR_100M', 'MDMAP_ACC', 'MDMAP_SS', 'UNEP_IOC', 'ICC_CLEANUP', 'FREE_CLEANUP'] as const;
export type SurveyProtocol = (typeof SURVEY_PROTOCOLS)[number];

/** Litter item size classes (DOMAIN §2.8). */
export const LITTER_SIZE_CLASSES = ['GE_2_5CM', 'LT_2_5CM'] as const;
export type LitterSizeClass = (typeof LITTER_SIZE_CLASSES)[number];

/** IUCN Red List categories v3.1 (DOMAIN §3.6); legacy LR/cd is kept as-is. */
export const IUCN_CATEGORIES = ['EX', 'EW', 'CR', 'EN', 'VU', 'NT', 'LC', 'DD', 'NE', 'LR/cd'] as const;
export type IucnCategory = (typeof IUCN_CATEGORIES)[number];
/** Categories whose occurrences are sensitive by default (BRIEF, DOMAIN §3.6). */
export const THREATENED_IUCN: readonly IucnCategory[] = ['CR', 'EN', 'VU'];

/** Darwin Core basisOfRecord values (DOMAIN §3.3). */
export const BASIS_OF_RECORD = [
  'HumanObservation', 'MachineObservation', 'PreservedSpecimen', 'LivingSpecimen', 'FossilSpecimen',
  'MaterialSample', 'MaterialCitation', 'Occurrence',
] as const;
export type BasisOfRecord = (typeof BASIS_OF_RECORD)[number];

export const OCCURRENCE_STATUSES = ['present', 'absent'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** Record kinds an import can load; each belongs to one theme. */
export const IMPORT_KINDS = ['microplastics', 'beach-litter', 'occurrences'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const THEME_OF_KIND: Readonly<Record<ImportKind, Theme>> = {
  microplastics: 'microplastics',
  'beach-litter': 'beach-litter',
  occurrences: 'biodiversity',
};

/** Import formats: built-in readers, plus `mapping` driven by a mapping file. */
export const IMPORT_FORMATS = ['canonical', 'ncei', 'dwca', 'mapping'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Type guard: is `value` one of the codes of `list`? */
export function isCode<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
