import { InvalidArgumentError } from 'commander';
import { describeAudience, draftFromOptions, parseAudienceOption } from './grants.command';

describe('grants add --audience', () => {
  it.each([
    ['network', { kind: 'NETWORK' }],
    ['countries:JP,TH', { kind: 'COUNTRIES', countries: ['JP', 'TH'] }],
    ['orgs:vn-vasi', { kind: 'ORGANISATIONS', organisations: ['vn-vasi'] }],
    ['orgs:vn-vasi,vn-imer@VN', { kind: 'ORGANISATIONS', organisations: ['vn-vasi', 'vn-imer'], countries: ['VN'] }],
    ['roles:analyst', { kind: 'ROLES', roles: ['analyst'] }],
    ['roles:analyst,auditor@TH,MY', { kind: 'ROLES', roles: ['analyst', 'auditor'], countries: ['TH', 'MY'] }],
    // Codes are passed as typed: the grant check names a wrong one with its path.
    ['countries:th', { kind: 'COUNTRIES', countries: ['th'] }],
  ])('%s', (text, audience) => {
    expect(parseAudienceOption(text)).toEqual(audience);
  });

  it.each(['everyone', 'network:JP', 'countries:', 'countries:JP@TH', 'orgs:', 'roles:@TH', ''])('refuses %j naming the forms', (text) => {
    expect(() => parseAudienceOption(text)).toThrow(new InvalidArgumentError('expected network | countries:JP,TH | orgs:vn-vasi,vn-imer[@VN] | roles:analyst[@TH]'));
  });

  it('describes audiences in words', () => {
    expect(describeAudience({ kind: 'ORGANISATIONS', organisations: ['vn-vasi'], countries: ['VN'] })).toBe('organisations vn-vasi in VN');
    expect(describeAudience({ kind: 'ROLES', roles: ['analyst'], organisations: ['jp-moe'], countries: ['JP'] })).toBe('roles analyst of jp-moe in JP');
  });
});

describe('grants add flags → grant draft', () => {
  it('maps every flag to the policy contract', () => {
    expect(draftFromOptions('jp-coast', {
      audience: { kind: 'NETWORK' }, level: 'RECORDS', k: '5', precision: '0.1', sensitivePrecision: '1', redact: 'vessel, team', purposes: 'research',
      embargoDays: '365', validFrom: '2025-01-01', validUntil: '2026-01-01T00:00:00+09:00', reason: 'r',
    })).toEqual({
      datasetId: 'jp-coast', audience: { kind: 'NETWORK' }, level: 'RECORDS',
      constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1, sensitiveSpeciesPrecisionDeg: 1, redactedFields: ['vessel', 'team'], allowedPurposes: ['research'], embargoDays: 365 },
      validFrom: '2025-01-01', validUntil: '2026-01-01T00:00:00+09:00',
    });
  });

  it('leaves out what was not given and passes non-numbers on for the grant check to name', () => {
    expect(draftFromOptions('d', { audience: { kind: 'NETWORK' }, level: 'METADATA', reason: 'r' })).toEqual({ datasetId: 'd', audience: { kind: 'NETWORK' }, level: 'METADATA' });
    expect(draftFromOptions('d', { audience: { kind: 'NETWORK' }, level: 'METADATA', k: 'five', reason: 'r' }).constraints).toEqual({ minGroupSize: 'five' });
  });
});
