// Imperial units used by the Ocean Conservancy ICC data card (DOMAIN §1.9):
// pounds of litter collected and miles of shore cleaned.
import { assertFinite } from './number-guards.js';

/** Kilograms in one avoirdupois pound (exact by definition). */
const KG_PER_LB = 0.45359237;
/** Kilometres in one international mile (exact by definition). */
const KM_PER_MILE = 1.609344;

/**
 * Pounds to kilograms (× 0.45359237).
 * @throws LittoralError `UNIT_CONVERSION_INVALID` when `lb` is not a finite number.
 */
export const lbToKg = (lb: number): number => {
  assertFinite(lb, 'A mass in pounds');
  return lb * KG_PER_LB;
};

/**
 * Miles to kilometres (× 1.609344).
 * @throws LittoralError `UNIT_CONVERSION_INVALID` when `mi` is not a finite number.
 */
export const milesToKm = (mi: number): number => {
  assertFinite(mi, 'A length in miles');
  return mi * KM_PER_MILE;
};
