import type { Theme } from './vocabularies.js';

/** A bounding box in WGS84 decimal degrees (west may exceed east across the antimeridian). */
export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** DCAT-style metadata of one dataset held by a node. */
export interface Dataset {
  id: string;
  title: string;
  description: string | null;
  theme: Theme;
  keywords: string[];
  license: string;
  publisher: string | null;
  contactName: string | null;
  contactEmail: string | null;
  conformsTo: string[];
  /** Area the data is declared to cover; rows outside it are rejected on import. */
  declaredArea: BoundingBox | null;
  createdAt: Date;
  modifiedAt: Date;
}

export type DatasetCreate = Pick<Dataset, 'id' | 'title' | 'theme' | 'license'> &
  Partial<Pick<Dataset, 'description' | 'keywords' | 'publisher' | 'contactName' | 'contactEmail' | 'conformsTo' | 'declaredArea'>>;

export type DatasetUpdate = Partial<Omit<DatasetCreate, 'id' | 'theme'>>;

export const DATASET_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
