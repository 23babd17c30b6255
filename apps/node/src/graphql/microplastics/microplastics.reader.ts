import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BoundingBox, Device, Matrix, SiteType } from '@littoral/contracts';
import { MpConcentrationEntity, MpParticleCountEntity, MpSampleEntity, MpSiteEntity } from '../../database/entities/index.js';
import { groupBy, readKeysetPage } from '../common/keyset.js';
import { bboxCondition, type Page, type PageRequest } from '@littoral/graphql';

export interface SiteFilter {
  datasetId?: string;
  siteType?: SiteType;
  country?: string;
  bbox?: BoundingBox;
}

export interface SampleFilter {
  datasetId?: string;
  siteId?: string;
  matrix?: Matrix;
  device?: Device;
  from?: Date;
  to?: Date;
  bbox?: BoundingBox;
}

/** A sample with everything the API nests under it. */
export interface SampleRecord {
  sample: MpSampleEntity;
  site: MpSiteEntity;
  particleCounts: MpParticleCountEntity[];
  concentrations: MpConcentrationEntity[];
}

/** Paged reads of microplastics sites and samples (filters are already checked). */
@Injectable()
export class MicroplasticsReader {
  constructor(private readonly db: DataSource) {}

  async sites(filter: SiteFilter, page: PageRequest, withTotal: boolean): Promise<Page<MpSiteEntity>> {
    const qb = this.db.getRepository(MpSiteEntity).createQueryBuilder('site');
    if (filter.datasetId !== undefined) qb.andWhere('site.datasetId = :datasetId', { datasetId: filter.datasetId });
    if (filter.siteType !== undefined) qb.andWhere('site.siteType = :siteType', { siteType: filter.siteType });
    if (filter.country !== undefined) qb.andWhere('site.countryCode = :country', { country: filter.country });
    if (filter.bbox) {
      const inBox = bboxCondition('site.latitude', 'site.longitude', filter.bbox);
      qb.andWhere(inBox.sql, inBox.params);
    }
    return readKeysetPage(qb, 'site.id', page, withTotal);
  }

  async samples(filter: SampleFilter, page: PageRequest, withTotal: boolean): Promise<Page<SampleRecord>> {
    const qb = this.db.getRepository(MpSampleEntity).createQueryBuilder('sample');
    if (filter.datasetId !== undefined) qb.andWhere('sample.datasetId = :datasetId', { datasetId: filter.datasetId });
    if (filter.siteId !== undefined) qb.andWhere('sample.siteId = :siteId', { siteId: filter.siteId });
    if (filter.matrix !== undefined) qb.andWhere('sample.matrix = :matrix', { matrix: filter.matrix });
    if (filter.device !== undefined) qb.andWhere('sample.device = :device', { device: filter.device });
    if (filter.from !== undefined) qb.andWhere('sample.sampledAt >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('sample.sampledAt <= :to', { to: filter.to });
    if (filter.bbox) {
      // A sample without its own position was taken at its site's position.
      qb.innerJoin(MpSiteEntity, 'site', 'site.id = sample.siteId');
      const inBox = bboxCondition('COALESCE(sample.latitude, site.latitude)', 'COALESCE(sample.longitude, site.longitude)', filter.bbox);
      qb.andWhere(inBox.sql, inBox.params);
    }
    const found = await readKeysetPage(qb, 'sample.id', page, withTotal);
    return { ...found, rows: await this.withChildren(found.rows) };
  }

  /** Loads the sites, counts and concentrations of one page: one query per table. */
  private async withChildren(samples: MpSampleEntity[]): Promise<SampleRecord[]> {
    if (samples.length === 0) return [];
    const sampleIds = samples.map((s) => s.id);
    const siteIds = [...new Set(samples.map((s) => s.siteId))];
    const [sites, counts, concentrations] = await Promise.all([
      this.db.getRepository(MpSiteEntity).createQueryBuilder('site')
        .where('site.id IN (:...siteIds)', { siteIds })
        .getMany(),
      this.db.getRepository(MpParticleCountEntity).createQueryBuilder('pc')
        .where('pc.sampleId IN (:...sampleIds)', { sampleIds })
        .orderBy('pc.sampleId').addOrderBy('pc.id')
        .getMany(),
      this.db.getRepository(MpConcentrationEntity).createQueryBuilder('conc')
        .where('conc.sampleId IN (:...sampleIds)', { sampleIds })
        .orderBy('conc.sampleId').addOrderBy('conc.id')
        .getMany(),
    ]);
    const siteById = new Map(sites.map((s) => [s.id, s]));
    const countsBySample = groupBy(counts, (c) => c.sampleId);
    const concentrationsBySample = groupBy(concentrations, (c) => c.sampleId);
    return samples.map((sample) => ({
      sample,
      site: siteById.get(sample.siteId)!, // foreign key: always present
      particleCounts: countsBySample.get(sample.id) ?? [],
      concentrations: concentrationsBySample.get(sample.id) ?? [],
    }));
  }
}
