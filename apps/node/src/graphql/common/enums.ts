import { registerEnumType } from '@nestjs/graphql';
import {
  BASIS_OF_RECORD, COLOURS, DEVICES, ID_METHODS, LITTER_CODE_SYSTEMS, LITTER_SIZE_CLASSES, MATRICES, POLYMERS, SHAPES,
  SITE_TYPES, SIZE_CLASSES, SURVEY_PROTOCOLS, TEAM_TYPES, type ImportStatus,
} from '@littoral/contracts';
import { UNIT_FAMILIES } from '@littoral/units';

// GraphQL enums built from the shared vocabularies, so the API can never
// drift from the codes stored in the database. Vocabularies whose codes are
// not valid GraphQL names stay String and are checked where they are used:
// theme ('beach-litter'), import kind, IUCN category ('LR/cd').

type CodeEnum<T extends string> = { readonly [K in T]: K };

function codeEnum<T extends string>(codes: readonly T[], name: string, description: string): CodeEnum<T> {
  const values = Object.fromEntries(codes.map((c) => [c, c])) as CodeEnum<T>;
  registerEnumType(values, { name, description });
  return values;
}

/** Import outcomes (contracts has only the type, so the list is checked against it here). */
const IMPORT_STATUSES = ['SUCCEEDED', 'PARTIAL', 'REJECTED', 'FAILED'] as const satisfies readonly ImportStatus[];

export const SiteTypeEnum = codeEnum(SITE_TYPES, 'SiteType', 'Microplastics monitoring site type');
export const MatrixEnum = codeEnum(MATRICES, 'Matrix', 'Sampled matrix / compartment');
export const DeviceEnum = codeEnum(DEVICES, 'Device', 'Sampling device');
export const IdMethodEnum = codeEnum(ID_METHODS, 'IdMethod', 'Polymer identification method');
export const SizeClassEnum = codeEnum(SIZE_CLASSES, 'SizeClass', 'Particle size bin of the network');
export const PolymerEnum = codeEnum(POLYMERS, 'Polymer', 'Polymer code (ISO 1043-1 abbreviation)');
export const ShapeEnum = codeEnum(SHAPES, 'ParticleShape', 'Particle shape');
export const ColourEnum = codeEnum(COLOURS, 'Colour', 'Particle colour');
export const UnitFamilyEnum = codeEnum(UNIT_FAMILIES, 'UnitFamily', 'Concentration unit family; values of different families are never combined');
export const LitterCodeSystemEnum = codeEnum(LITTER_CODE_SYSTEMS, 'LitterCodeSystem', 'Beach-litter item code system');
export const LitterSizeClassEnum = codeEnum(LITTER_SIZE_CLASSES, 'LitterSizeClass', 'Beach-litter item size class');
export const TeamTypeEnum = codeEnum(TEAM_TYPES, 'TeamType', 'Clean-up team type');
export const SurveyProtocolEnum = codeEnum(SURVEY_PROTOCOLS, 'SurveyProtocol', 'Beach-litter survey protocol');
export const BasisOfRecordEnum = codeEnum(BASIS_OF_RECORD, 'BasisOfRecord', 'Darwin Core basisOfRecord');
export const ImportStatusEnum = codeEnum(IMPORT_STATUSES, 'ImportStatus', 'Outcome of an import run');
