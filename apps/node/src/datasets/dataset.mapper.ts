import type { Dataset, Theme } from '@littoral/contracts';
import type { DatasetEntity } from '../database/entities/index.js';

/** Entity → contract. The entity never leaves the data layer. */
export function toDataset(e: DatasetEntity): Dataset {
  const hasArea = e.areaWest !== null && e.areaSouth !== null && e.areaEast !== null && e.areaNorth !== null;
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    theme: e.theme as Theme,
    keywords: e.keywords,
    license: e.license,
    publisher: e.publisher,
    contactName: e.contactName,
    contactEmail: e.contactEmail,
    conformsTo: e.conformsTo,
    declaredArea: hasArea ? { west: e.areaWest!, south: e.areaSouth!, east: e.areaEast!, north: e.areaNorth! } : null,
    createdAt: e.createdAt,
    modifiedAt: e.modifiedAt,
  };
}
