// Every GraphQL document the console sends, in one place, so the end-to-end
// test can validate them against the schemas the running hub and node
// introspect (test/console.e2e-spec.ts). Field names come from those schemas.

export type App = 'hub' | 'node';

const MANIFEST = `manifest { complete nodes { country status level suppressedGroups latencyMs nodeQueryMs freshness reason datasets { id version licence citation } } }`;
const ROW_COMMON = `suppressed partial suppressedIn sources { country datasets }`;
const CELL = `cell { row col sizeDeg centreLatitude centreLongitude }`;

export const HUB_DOCUMENTS = {
  nodes: `query ConsoleNodes { nodes { country displayName nodeId status createdAt revokedAt lastSeenAt entryCount
    keys { kid state source validFrom validUntil revokedAt compromisedAt addedAt announcedBy } } }`,
  datasets: `query ConsoleDatasets($filter: DatasetFilter, $after: String) {
    datasets(filter: $filter, first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage }
      edges { node { id country datasetId version title description themes keywords spatial { west south east north } temporal { start end }
        signedBy { country kid issuedAt } verifiedAt withdrawn jsonLd } } } }`,
  securityEvents: `query ConsoleSecurityEvents($filter: SecurityEventFilter, $after: String) {
    securityEvents(filter: $filter, first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage }
      edges { node { id at kind country subject reasonCode detail kid msgSeq actor } } } }`,
  microplasticSummary: `query ConsoleMicroplastics($purpose: String!, $filter: MicroplasticFilterInput, $groupBy: MicroplasticGroupByInput!) {
    microplasticSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) { correlationId complete
      rows { group { country matrix year month polymer shape siteType sizeClass ${CELL} } ${ROW_COMMON}
        samples particles concentrations { matrix sizeClass family unit n mean median min max } }
      ${MANIFEST} } }`,
  beachLitterSummary: `query ConsoleBeachLitter($purpose: String!, $filter: BeachLitterFilterInput, $groupBy: BeachLitterGroupByInput!) {
    beachLitterSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) { correlationId complete
      rows { group { country year month site teamType category } ${ROW_COMMON}
        surveys items itemsPer100m medianItemsPer100m itemsPerM2 weightKg volunteers lengthM areaM2 topCategories { category items weightKg } }
      ${MANIFEST} } }`,
  speciesSummary: `query ConsoleSpecies($purpose: String!, $filter: SpeciesFilterInput, $groupBy: SpeciesGroupByInput!) {
    speciesSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) { correlationId complete
      rows { group { country kingdom taxon taxonRank year ${CELL} } ${ROW_COMMON}
        occurrences individuals countedOccurrences richness iucn { category occurrences } }
      ${MANIFEST} } }`,
} as const;

const GRANT = `id datasetId version seq status level revokedAt validFrom validUntil reason changedAt createdAt
  audience { kind countries organisations roles }
  constraints { minGroupSize spatialPrecisionDeg sensitiveSpeciesPrecisionDeg redactedFields allowedPurposes embargoDays }
  changedBy { subject country organisation roles } createdBy { subject country }`;
const GRANT_VERSION = `grantId datasetId version seq action changedAt reason changedBy { subject country organisation roles }
  before { level revokedAt audience { kind countries organisations roles } }
  after { level revokedAt validFrom validUntil audience { kind countries organisations roles }
    constraints { minGroupSize spatialPrecisionDeg sensitiveSpeciesPrecisionDeg redactedFields allowedPurposes embargoDays } }`;

export const NODE_DOCUMENTS = {
  me: `query ConsoleMe { me { subject country organisation roles } }`,
  datasets: `query ConsoleNodeDatasets { datasets { id title theme license publisher description keywords modifiedAt } }`,
  grants: `query ConsoleGrants($datasetId: String!, $includeRevoked: Boolean!) { grants(datasetId: $datasetId, includeRevoked: $includeRevoked) { ${GRANT} } }`,
  grantHistory: `query ConsoleGrantHistory($grantId: ID!) { grantHistory(grantId: $grantId) { ${GRANT_VERSION} } }`,
  datasetGrantHistory: `query ConsoleDatasetGrantHistory($datasetId: String!) { datasetGrantHistory(datasetId: $datasetId) { ${GRANT_VERSION} } }`,
  explainAccess: `query ConsoleExplain($datasetId: String!, $requester: ExplainRequesterInput!, $purpose: String!, $level: AccessLevel, $fields: [String!]) {
    explainAccess(datasetId: $datasetId, requester: $requester, purpose: $purpose, level: $level, fields: $fields) {
      allowed requestedLevel level highestLevel reasons policyVersion evaluatedAt
      constraints { minGroupSize spatialPrecisionDeg sensitiveSpeciesPrecisionDeg redactedFields embargoDays }
      decidingGrants { grantId version } } }`,
  createGrant: `mutation ConsoleCreateGrant($input: CreateGrantInput!, $reason: String!) { createGrant(input: $input, reason: $reason) { ${GRANT} } }`,
  changeGrant: `mutation ConsoleChangeGrant($id: ID!, $expectedVersion: Int!, $input: ChangeGrantInput!, $reason: String!) {
    changeGrant(id: $id, expectedVersion: $expectedVersion, input: $input, reason: $reason) { ${GRANT} } }`,
  revokeGrant: `mutation ConsoleRevokeGrant($id: ID!, $expectedVersion: Int!, $reason: String!) { revokeGrant(id: $id, expectedVersion: $expectedVersion, reason: $reason) { ${GRANT} } }`,
} as const;

const ENTRY = `seq time actor { subject country organisation roles } action purpose datasets decision reason resultSize policyVersion correlationId requestHash prevHash hash`;

/** The auditor's documents; the hub names its types HubAuditLogFilter, HubAuditExportFormat (one process may hold both schemas). */
export function auditDocuments(app: App) {
  const filterType = app === 'hub' ? 'HubAuditLogFilter' : 'AuditLogFilter';
  return {
    auditLog: `query ConsoleAuditLog($filter: ${filterType}, $after: String) {
      auditLog(filter: $filter, first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { ${ENTRY} } } } }`,
    verifyAuditLog: `query ConsoleVerifyAuditLog { verifyAuditLog { ok checked checkpoints firstBad { seq reason message }
      latestCheckpoint { seq head time witnessed } refusedCheckpoints { seq code message } } }`,
    exportAuditLog: `query ConsoleExportAuditLog($from: DateTime!, $to: DateTime!, $format: ${app === 'hub' ? 'HubAuditExportFormat' : 'AuditExportFormat'}!) {
      exportAuditLog(from: $from, to: $to, format: $format) { fileName content signature sha256 entries firstSeq lastSeq checkpoints keyId } }`,
    trace: app === 'hub'
      ? `query ConsoleTrace($correlationId: String!) { trace(correlationId: $correlationId) { correlationId origin entries { ${ENTRY} } nodes { country nodeId witnessedSeq witnessedAt } } }`
      : `query ConsoleTrace($correlationId: String!) { trace(correlationId: $correlationId) { correlationId origin entries { ${ENTRY} } } }`,
  };
}
