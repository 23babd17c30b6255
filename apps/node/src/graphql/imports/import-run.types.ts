import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ImportStatus } from '@littoral/contracts';
import { ImportStatusEnum } from '../common/enums.js';
import { Connection } from '@littoral/graphql';

@ObjectType('RowError', { description: 'One source row refused by an import: where, what, and what was expected' })
export class RowErrorObject {
  @Field(() => Int, { description: '1-based physical line in the file (header is line 1)' }) line!: number;
  @Field(() => String) column!: string;
  @Field(() => String) value!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true }) expected!: string | null;
  @Field(() => String, { nullable: true, description: 'File inside an archive, when the source has several' }) file!: string | null;
}

@ObjectType('ImportRun', { description: 'One import of a file into a dataset' })
export class ImportRunObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => String, { description: 'microplastics | beach-litter | occurrences' }) kind!: string;
  @Field(() => String) format!: string;
  @Field(() => String) fileName!: string;
  @Field(() => String) fileSha256!: string;
  @Field(() => ImportStatusEnum) status!: ImportStatus;
  @Field(() => Int) rowsRead!: number;
  @Field(() => Int) rowsStored!: number;
  @Field(() => Int) rowsRejected!: number;
  @Field(() => Int, { description: 'Rows already present, not stored again' }) rowsDuplicate!: number;
  @Field(() => GraphQLISODateTime) startedAt!: Date;
  @Field(() => GraphQLISODateTime) finishedAt!: Date;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [RowErrorObject], { description: 'The first errors (the full list is in the import report file)' }) errors!: RowErrorObject[];
}

@ObjectType('ImportRunConnection')
export class ImportRunConnection extends Connection(ImportRunObject, 'ImportRun') {}
