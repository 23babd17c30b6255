import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { LittoralError, type BoundingBox } from '@littoral/contracts';

@ObjectType('BoundingBox', { description: 'WGS84 decimal degrees; west > east means the box crosses the antimeridian' })
export class BoundingBoxObject implements BoundingBox {
  @Field(() => Float) west!: number;
  @Field(() => Float) south!: number;
  @Field(() => Float) east!: number;
  @Field(() => Float) north!: number;
}

@InputType('BoundingBoxInput', { description: 'WGS84 decimal degrees; west > east means the box crosses the antimeridian' })
export class BoundingBoxInput implements BoundingBox {
  @Field(() => Float) west!: number;
  @Field(() => Float) south!: number;
  @Field(() => Float) east!: number;
  @Field(() => Float) north!: number;
}

export function toBoundingBoxObject(b: BoundingBox): BoundingBoxObject {
  return { west: b.west, south: b.south, east: b.east, north: b.north };
}

/** Checks a bbox used as a filter; throws INPUT_INVALID naming every problem with the argument's path. */
export function checkBboxFilter(b: BoundingBoxInput, argument = 'filter.bbox'): BoundingBox {
  const problems: string[] = [];
  for (const [k, v, lim] of [['west', b.west, 180], ['east', b.east, 180], ['south', b.south, 90], ['north', b.north, 90]] as const) {
    if (!Number.isFinite(v) || Math.abs(v) > lim) problems.push(`${argument}.${k} ${v} must be between -${lim} and ${lim}`);
  }
  if (problems.length === 0 && b.south > b.north) problems.push(`${argument}.south ${b.south} is north of ${argument}.north ${b.north}`);
  if (problems.length) throw new LittoralError('INPUT_INVALID', problems.join('; '), { argument });
  return { west: b.west, south: b.south, east: b.east, north: b.north };
}

/**
 * A WHERE condition keeping positions inside `box` (rows without a position
 * never match). `lat`/`lon` are SQL expressions; parameters are prefixed `bbox`.
 */
export function bboxCondition(lat: string, lon: string, box: BoundingBox): { sql: string; params: Record<string, number> } {
  const lonTest = box.west <= box.east
    ? `${lon} BETWEEN :bboxWest AND :bboxEast`
    : `(${lon} >= :bboxWest OR ${lon} <= :bboxEast)`; // crosses the antimeridian
  return {
    sql: `${lat} BETWEEN :bboxSouth AND :bboxNorth AND ${lonTest}`,
    params: { bboxWest: box.west, bboxSouth: box.south, bboxEast: box.east, bboxNorth: box.north },
  };
}
