import { DEVELOPMENT_ISSUER } from '@littoral/auth';
import { formatTable, seconds } from './console-output.js';
import { manifestTable, resultTable } from './demo-query.js';
import type { RunningDemo } from './federation-demo.js';
import { ANALYST, PURPOSE, QUERY_FROM } from './scenario.js';

/** The line the demo prints once it is ready (tests wait for it). */
export const READY_LINE = 'The demo is running. Press Ctrl-C to stop it: nodes, hub, streams and databases are removed.';

/** What the demo prints once it is ready: where things are, a token, the query and its manifest. */
export function readyReport(demo: RunningDemo): string[] {
  const r = demo.result;
  const notOk = r.manifest.nodes.filter((n) => n.status !== 'OK');
  const suppressed = r.manifest.nodes.reduce((n, x) => n + x.suppressedGroups, 0);
  const why = [
    ...notOk.map((n) => `${n.country} ${n.status}`),
    ...(suppressed ? [`${suppressed} group${suppressed > 1 ? 's' : ''} suppressed`] : []),
  ];
  const curl = (query: string) => `  curl -s ${demo.hubUrl}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d '{"query":"${query}"}'`;
  return [
    '',
    `Ready in ${seconds(demo.readyMs)}.`,
    '',
    ...formatTable(['', ''], [
      ['Hub GraphQL', `${demo.hubUrl}/graphql`],
      ['Regional catalogue', `${demo.hubUrl}/catalog.jsonld`],
      ...demo.nodes.map((n) => [`${n.country.name} node`, `${n.url}  (${n.country.code}; GET /health, /.well-known/jwks.json)`]),
      ['Postgres', demo.postgres.description],
      ['Databases', demo.databases.join(', ')],
      ['NATS', `${demo.nats.description}; stream prefix ${demo.streamPrefix}`],
    ]).slice(2),
    '',
    `Analyst token (${ANALYST.countryName}, organisation ${ANALYST.organisation}, role analyst, audience littoral-hub, valid for 1 hour):`,
    `export TOKEN=${demo.token}`,
    '',
    'More tokens while the demo runs (another country, role or audience):',
    `  npx littoral token issue --key-file ${demo.issuerKeyFile} --issuer ${DEVELOPMENT_ISSUER} --role analyst --country TH --audience littoral-hub`,
    '',
    `Cross-border query: surface and sediment microplastics since ${QUERY_FROM}, by country and matrix,`,
    `asked by an analyst from ${ANALYST.countryName} for "${PURPOSE}" (correlation id ${r.correlationId}):`,
    '',
    ...resultTable(r).map((l) => `  ${l}`),
    '',
    `Completeness manifest: ${r.manifest.complete ? 'complete' : `NOT complete (${why.join('; ')})`}`,
    '',
    ...manifestTable(r).map((l) => `  ${l}`),
    '',
    'Try it yourself (after the export line above):',
    curl('{ datasets { totalCount edges { node { id country title signedBy { kid } } } } }'),
    curl(`{ speciesSummary(purpose: \\"${PURPOSE}\\", groupBy: { by: [COUNTRY, KINGDOM] }) { rows { group { country kingdom } occurrences richness } manifest { complete nodes { country status } } } }`),
    '  docs/demo.md explains the data, the grants and the queries.',
    '',
    READY_LINE,
  ];
}
