import { CatalogueEntryEntity } from './catalogue-entry.entity.js';
import { MemberKeyEntity } from './member-key.entity.js';
import { MemberEntity } from './member.entity.js';
import { SecurityEventEntity } from './security-event.entity.js';

export * from './member.entity.js';
export * from './member-key.entity.js';
export * from './catalogue-entry.entity.js';
export * from './security-event.entity.js';

export const HUB_ENTITIES = [MemberEntity, MemberKeyEntity, CatalogueEntryEntity, SecurityEventEntity];
