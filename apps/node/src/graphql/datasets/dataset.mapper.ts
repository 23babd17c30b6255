import type { BoundingBox, Dataset, DatasetCreate, DatasetUpdate } from '@littoral/contracts';
import type { CreateDatasetInput, DatasetObject, UpdateDatasetInput } from './dataset.types.js';
import { toBoundingBoxObject } from '@littoral/graphql';

// GraphQL ↔ contract. Validation is the datasets service's job; these only
// copy fields and translate GraphQL's null/absent into the contract's terms.

export function toDatasetObject(d: Dataset): DatasetObject {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    theme: d.theme,
    keywords: d.keywords,
    license: d.license,
    publisher: d.publisher,
    contactName: d.contactName,
    contactEmail: d.contactEmail,
    conformsTo: d.conformsTo,
    declaredArea: d.declaredArea ? toBoundingBoxObject(d.declaredArea) : null,
    createdAt: d.createdAt,
    modifiedAt: d.modifiedAt,
  };
}

function box(b: BoundingBox | null | undefined): BoundingBox | null | undefined {
  return b ? { west: b.west, south: b.south, east: b.east, north: b.north } : b;
}

export function toDatasetCreate(input: CreateDatasetInput): DatasetCreate {
  return {
    id: input.id,
    title: input.title,
    theme: input.theme as DatasetCreate['theme'], // checked by the service
    license: input.license,
    description: input.description ?? null,
    keywords: input.keywords ?? [],
    publisher: input.publisher ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail ?? null,
    conformsTo: input.conformsTo ?? [],
    declaredArea: box(input.declaredArea) ?? null,
  };
}

export function toDatasetUpdate(input: UpdateDatasetInput): DatasetUpdate {
  const patch: DatasetUpdate = {};
  // title/license cannot be cleared: an explicit null is passed on so the
  // service rejects it with DATASET_INVALID naming the field.
  if (input.title !== undefined) patch.title = input.title as string;
  if (input.license !== undefined) patch.license = input.license as string;
  if (input.description !== undefined) patch.description = input.description;
  if (input.keywords !== undefined) patch.keywords = input.keywords ?? [];
  if (input.publisher !== undefined) patch.publisher = input.publisher;
  if (input.contactName !== undefined) patch.contactName = input.contactName;
  if (input.contactEmail !== undefined) patch.contactEmail = input.contactEmail;
  if (input.conformsTo !== undefined) patch.conformsTo = input.conformsTo ?? [];
  if (input.declaredArea !== undefined) patch.declaredArea = box(input.declaredArea);
  return patch;
}
