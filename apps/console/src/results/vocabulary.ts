// Codes the query builder offers, as the hub's GraphQL enums define them
// (Matrix, Polymer, ParticleShape, SiteType, SizeClass, TeamType; checked
// against the live schema by test/console.e2e-spec.ts).

export const MATRICES = ['RW_SURF', 'SW_SURF', 'SW_COL', 'SED_RIV', 'SED_SEA', 'BEACH', 'BIOTA', 'AIR'] as const;
export const POLYMERS = ['PE', 'HDPE', 'LDPE', 'PP', 'PS', 'EPS', 'PET', 'PES', 'PA', 'PVC', 'PU', 'PAN', 'PMMA', 'PC', 'ABS', 'EVA', 'PLA', 'PTFE', 'CA', 'CEL_MOD', 'ALK', 'RUB', 'OTH', 'UNK'] as const;
export const SHAPES = ['FRAGMENT', 'FIBRE', 'FILM', 'FOAM', 'PELLET', 'BEAD', 'LINE', 'RUBBER', 'OTHER'] as const;
export const SITE_TYPES = ['RIVER', 'ESTUARY', 'COASTAL', 'BEACH', 'OFFSHORE', 'LAKE'] as const;
export const SIZE_CLASSES = ['SMP_LT_0_3', 'MP_0_3_1', 'MP_1_5', 'MESO_5_25', 'MACRO_GT_25'] as const;
export const TEAM_TYPES = ['COMMUNITY', 'UNIVERSITY', 'SCHOOL', 'NGO', 'GOVERNMENT', 'COMPANY'] as const;
