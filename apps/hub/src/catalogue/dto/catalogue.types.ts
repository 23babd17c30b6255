import { Field, Float, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { BoundingBoxInput, BoundingBoxObject, Connection } from '@littoral/graphql';

@ObjectType('Period', { description: 'Temporal coverage, ISO dates (inclusive)' })
export class PeriodObject {
  @Field(() => String) start!: string;
  @Field(() => String) end!: string;
}

@ObjectType('Signature', { description: 'Who signed a catalogue entry, as verified by the hub' })
export class SignatureObject {
  @Field(() => String, { description: 'Country of the signing member (the JWS issuer)' }) country!: string;
  @Field(() => String, { description: 'Key id (RFC 7638 thumbprint) of the signing key' }) kid!: string;
  @Field(() => GraphQLISODateTime, { description: 'The signer\'s issued-at' }) issuedAt!: Date;
}

@ObjectType('CatalogueDataset', { description: 'A dataset of the regional catalogue, as its node signed it' })
export class CatalogueDatasetObject {
  @Field(() => ID, { description: 'urn:littoral:dataset:<country>:<dataset id>' }) id!: string;
  @Field(() => String) country!: string;
  @Field(() => String, { description: 'The dataset id on its node' }) datasetId!: string;
  @Field(() => Float, { description: 'Monotonic version (an integer) of the entry' }) version!: number;
  @Field(() => String, { description: 'English title' }) title!: string;
  @Field(() => String, { nullable: true, description: 'English description' }) description!: string | null;
  @Field(() => [String], { description: 'Theme concept IRIs (EU data themes and Littoral themes)' }) themes!: string[];
  @Field(() => [String]) keywords!: string[];
  @Field(() => BoundingBoxObject, { nullable: true, description: 'Spatial coverage' }) spatial!: BoundingBoxObject | null;
  @Field(() => PeriodObject, { nullable: true, description: 'Temporal coverage' }) temporal!: PeriodObject | null;
  @Field(() => SignatureObject) signedBy!: SignatureObject;
  @Field(() => GraphQLISODateTime, { description: 'When the hub verified the signature and stored the entry' }) verifiedAt!: Date;
  @Field(() => GraphQLISODateTime) receivedAt!: Date;
  @Field(() => Boolean, { description: 'Withdrawn by its node (a signed tombstone); listed only with includeWithdrawn' }) withdrawn!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) withdrawnAt!: Date | null;
  @Field(() => String, { description: 'The DCAT JSON-LD entry as signed, as JSON text' }) jsonLd!: string;
  @Field(() => String, { description: 'The compact JWS the node published, for anyone to verify again' }) jws!: string;
}

@ObjectType('CatalogueDatasetConnection')
export class CatalogueDatasetConnection extends Connection(CatalogueDatasetObject, 'CatalogueDataset') {}

@InputType('DatasetFilter', { description: 'Every part is optional; parts combine with AND, values inside a part with OR' })
export class DatasetFilterInput {
  @Field(() => [String], { nullable: true, description: 'Publishing countries, ISO alpha-2' }) countries?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Theme IRIs or codes, e.g. ENVI, MP_WATER, BEACH_LITTER' }) themes?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Words that must all appear in the title, description or keywords' }) text?: string | null;
  @Field(() => BoundingBoxInput, { nullable: true, description: 'Spatial coverage intersects this box' }) bbox?: BoundingBoxInput | null;
  @Field(() => String, { nullable: true, description: 'Temporal coverage ends on or after this date (YYYY-MM-DD)' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'Temporal coverage starts on or before this date (YYYY-MM-DD)' }) to?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also list withdrawn datasets' }) includeWithdrawn?: boolean | null;
}
