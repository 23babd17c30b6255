import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LittoralError, type Dataset, type DatasetCreate, type DatasetUpdate } from '@littoral/contracts';
import { DatasetEntity } from '../database/entities/index.js';
import { toDataset } from './dataset.mapper.js';
import { validateDatasetInput } from './dataset-validation.js';

/** Dataset metadata on this node. Used by the GraphQL API and the CLI alike. */
@Injectable()
export class DatasetsService {
  constructor(private readonly db: DataSource) {}

  async create(input: DatasetCreate): Promise<Dataset> {
    validateDatasetInput(input, true);
    const repo = this.db.getRepository(DatasetEntity);
    if (await repo.existsBy({ id: input.id })) {
      throw new LittoralError('DATASET_ALREADY_EXISTS', `Dataset "${input.id}" already exists; choose another id or update it`, { id: input.id });
    }
    const now = new Date();
    const e = repo.create({
      id: input.id,
      title: input.title.trim(),
      description: input.description ?? null,
      theme: input.theme,
      keywords: input.keywords ?? [],
      license: input.license,
      publisher: input.publisher ?? null,
      contactName: input.contactName ?? null,
      contactEmail: input.contactEmail ?? null,
      conformsTo: input.conformsTo ?? [],
      areaWest: input.declaredArea?.west ?? null,
      areaSouth: input.declaredArea?.south ?? null,
      areaEast: input.declaredArea?.east ?? null,
      areaNorth: input.declaredArea?.north ?? null,
      createdAt: now,
      modifiedAt: now,
      dataModifiedAt: null,
    });
    try {
      await repo.insert(e);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new LittoralError('DATASET_ALREADY_EXISTS', `Dataset "${input.id}" already exists; choose another id or update it`, { id: input.id });
      }
      throw err;
    }
    return toDataset(e);
  }

  async update(id: string, patch: DatasetUpdate): Promise<Dataset> {
    validateDatasetInput(patch, false);
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(DatasetEntity);
      const e = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw notFound(id);
      if (patch.title !== undefined) e.title = patch.title.trim();
      if (patch.description !== undefined) e.description = patch.description;
      if (patch.keywords !== undefined) e.keywords = patch.keywords;
      if (patch.license !== undefined) e.license = patch.license;
      if (patch.publisher !== undefined) e.publisher = patch.publisher;
      if (patch.contactName !== undefined) e.contactName = patch.contactName;
      if (patch.contactEmail !== undefined) e.contactEmail = patch.contactEmail;
      if (patch.conformsTo !== undefined) e.conformsTo = patch.conformsTo;
      if (patch.declaredArea !== undefined) {
        e.areaWest = patch.declaredArea?.west ?? null;
        e.areaSouth = patch.declaredArea?.south ?? null;
        e.areaEast = patch.declaredArea?.east ?? null;
        e.areaNorth = patch.declaredArea?.north ?? null;
      }
      e.modifiedAt = new Date();
      await repo.save(e);
      return toDataset(e);
    });
  }

  async get(id: string): Promise<Dataset> {
    const e = await this.db.getRepository(DatasetEntity).findOneBy({ id });
    if (!e) throw notFound(id);
    return toDataset(e);
  }

  async list(filter: { theme?: string } = {}): Promise<Dataset[]> {
    const rows = await this.db.getRepository(DatasetEntity).find({ where: filter.theme ? { theme: filter.theme } : {}, order: { id: 'ASC' } });
    return rows.map(toDataset);
  }

  /** Record counts per table for one dataset (for `dataset show`). */
  async recordCounts(id: string): Promise<Record<string, number>> {
    await this.get(id);
    const tables = ['mp_site', 'mp_sample', 'mp_particle_count', 'mp_concentration', 'bl_beach_area', 'bl_survey', 'bl_item_count', 'bio_event', 'bio_occurrence', 'bio_measurement'];
    const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t} WHERE dataset_id = $1`).join(' UNION ALL ');
    const rows: { t: string; n: number }[] = await this.db.query(sql, [id]);
    return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.t, r.n]));
  }
}

function notFound(id: string): LittoralError {
  return new LittoralError('DATASET_NOT_FOUND', `Dataset "${id}" does not exist on this node (see \`littoral dataset list\`)`, { id });
}
