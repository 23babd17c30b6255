import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BeachAreaEntity, SurveyEntity, TeamEntity } from '../../database/entities/index.js';
import { groupBy, readKeysetPage } from '../common/keyset.js';
import { type Page, type PageRequest } from '@littoral/graphql';

export interface SurveyFilter {
  datasetId?: string;
  beachId?: string;
  /** Inclusive calendar dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
  isMonitoring?: boolean;
  country?: string;
}

/** An item count with the label and material of its litter code (a read model, not an entity). */
export interface ItemCountRow {
  id: string;
  surveyId: string;
  codeSystem: string;
  code: string;
  label: string;
  material: string;
  sizeClass: string | null;
  count: number;
  weightKg: number | null;
}

export interface SurveyRecord {
  survey: SurveyEntity;
  beachArea: BeachAreaEntity;
  team: TeamEntity | null;
  itemCounts: ItemCountRow[];
}

const ITEM_COUNTS_OF_SURVEYS = `
  SELECT ic.id, ic.survey_id AS "surveyId", ic.code_system AS "codeSystem", ic.code,
         lc.label, lc.material, ic.size_class AS "sizeClass", ic.count, ic.weight_kg AS "weightKg"
    FROM bl_item_count ic
    JOIN litter_code lc ON lc.code_system = ic.code_system AND lc.code = ic.code
   WHERE ic.survey_id = ANY($1::bigint[])
   ORDER BY ic.survey_id, ic.id`;

/** Paged reads of beach-litter surveys (filters are already checked). */
@Injectable()
export class BeachLitterReader {
  constructor(private readonly db: DataSource) {}

  async surveys(filter: SurveyFilter, page: PageRequest, withTotal: boolean): Promise<Page<SurveyRecord>> {
    const qb = this.db.getRepository(SurveyEntity).createQueryBuilder('survey');
    if (filter.datasetId !== undefined) qb.andWhere('survey.datasetId = :datasetId', { datasetId: filter.datasetId });
    if (filter.beachId !== undefined) qb.andWhere('survey.beachAreaId = :beachId', { beachId: filter.beachId });
    if (filter.from !== undefined) qb.andWhere('survey.surveyDate >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('survey.surveyDate <= :to', { to: filter.to });
    if (filter.isMonitoring !== undefined) qb.andWhere('survey.isMonitoring = :isMonitoring', { isMonitoring: filter.isMonitoring });
    if (filter.country !== undefined) {
      qb.innerJoin(BeachAreaEntity, 'beach', 'beach.id = survey.beachAreaId')
        .andWhere('beach.countryCode = :country', { country: filter.country });
    }
    const found = await readKeysetPage(qb, 'survey.id', page, withTotal);
    return { ...found, rows: await this.withChildren(found.rows) };
  }

  /** Loads beach areas, teams and item counts of one page: one query per table. */
  private async withChildren(surveys: SurveyEntity[]): Promise<SurveyRecord[]> {
    if (surveys.length === 0) return [];
    const beachIds = [...new Set(surveys.map((s) => s.beachAreaId))];
    const teamIds = [...new Set(surveys.flatMap((s) => (s.teamId === null ? [] : [s.teamId])))];
    const [beaches, teams, itemCounts] = await Promise.all([
      this.db.getRepository(BeachAreaEntity).createQueryBuilder('beach')
        .where('beach.id IN (:...beachIds)', { beachIds })
        .getMany(),
      teamIds.length === 0
        ? Promise.resolve([])
        : this.db.getRepository(TeamEntity).createQueryBuilder('team').where('team.id IN (:...teamIds)', { teamIds }).getMany(),
      this.db.query<ItemCountRow[]>(ITEM_COUNTS_OF_SURVEYS, [surveys.map((s) => s.id)]),
    ]);
    const beachById = new Map(beaches.map((b) => [b.id, b]));
    const teamById = new Map(teams.map((t) => [t.id, t]));
    const countsBySurvey = groupBy(itemCounts, (c) => c.surveyId);
    return surveys.map((survey) => ({
      survey,
      beachArea: beachById.get(survey.beachAreaId)!, // foreign key: always present
      team: survey.teamId === null ? null : teamById.get(survey.teamId) ?? null,
      itemCounts: countsBySurvey.get(survey.id) ?? [],
    }));
  }
}
