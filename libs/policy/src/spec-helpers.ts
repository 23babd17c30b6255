// Test-only builders (not exported from the index).
import type { AccessRequest, Decision, DecisionInput, Requester } from './policy-engine.js';
import { decide } from './policy-engine.js';

export const NOW = new Date('2025-11-01T00:00:00Z');
export const DATASET = 'ds-1';

/** A raw grant for DATASET with sensible defaults; override any key (undefined removes it). */
export function grant(over: Record<string, unknown> = {}): Record<string, unknown> {
  const g: Record<string, unknown> = {
    id: 'g1',
    version: 1,
    datasetId: DATASET,
    audience: { kind: 'NETWORK' },
    level: 'AGGREGATE',
    constraints: {},
    ...over,
  };
  for (const k of Object.keys(g)) if (g[k] === undefined) delete g[k];
  return g;
}

export const analyst = (country: string, organisation?: string, roles: string[] = ['analyst']): Requester =>
  organisation === undefined ? { country, roles } : { country, organisation, roles };

export const ask = (level: AccessRequest['level'], over: Partial<AccessRequest> = {}): AccessRequest => ({
  level,
  fields: [],
  filters: [],
  groupBy: [],
  ...over,
});

export function decideWith(over: Partial<DecisionInput> & { grants: readonly unknown[] }): Decision {
  return decide({
    datasetId: DATASET,
    datasetOwnerCountry: 'JP',
    requester: analyst('TH'),
    purpose: 'research',
    request: ask('AGGREGATE'),
    now: NOW,
    ...over,
  });
}

export { caught } from '../../../test/support/caught';
