import { DatasetEntity } from './dataset.entity.js';
import { ImportRunEntity } from './import-run.entity.js';
import { MpConcentrationEntity, MpParticleCountEntity, MpSampleEntity, MpSiteEntity } from './microplastics.entity.js';
import { BeachAreaEntity, ItemCountEntity, LitterCodeEntity, SurveyEntity, TeamEntity } from './beach-litter.entity.js';
import { BioEventEntity, BioMeasurementEntity, BioOccurrenceEntity } from './biodiversity.entity.js';
import { GrantVersionEntity } from './grant-version.entity.js';

export * from './dataset.entity.js';
export * from './import-run.entity.js';
export * from './microplastics.entity.js';
export * from './beach-litter.entity.js';
export * from './biodiversity.entity.js';
export * from './grant-version.entity.js';

export const NODE_ENTITIES = [
  DatasetEntity, ImportRunEntity, MpSiteEntity, MpSampleEntity, MpParticleCountEntity, MpConcentrationEntity,
  LitterCodeEntity, BeachAreaEntity, TeamEntity, SurveyEntity, ItemCountEntity,
  BioEventEntity, BioOccurrenceEntity, BioMeasurementEntity,
  GrantVersionEntity,
];
