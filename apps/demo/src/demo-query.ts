import { DemoError } from './demo-error.js';
import { formatCount, formatTable, formatValue } from './console-output.js';
import { PURPOSE, QUERY_FROM } from './scenario.js';

/** The demo's cross-border question, as an analyst would send it to the hub. */
export const DEMO_QUERY = `query DemoQuery($purpose: String!, $filter: MicroplasticFilterInput, $groupBy: MicroplasticGroupByInput!) {
  microplasticSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) {
    correlationId
    complete
    rows {
      group { country matrix }
      suppressed partial suppressedIn samples particles
      concentrations { sizeClass family unit n mean median min max }
    }
    manifest {
      complete
      nodes { country status level suppressedGroups latencyMs nodeQueryMs reason datasets { id version licence } }
    }
  }
}`;

export const DEMO_VARIABLES = {
  purpose: PURPOSE,
  filter: { timeRange: { from: QUERY_FROM } },
  groupBy: { by: ['COUNTRY', 'MATRIX'] },
};

interface Block {
  sizeClass: string | null;
  family: string;
  unit: string;
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}
interface Row {
  group: { country: string | null; matrix: string | null };
  suppressed: boolean;
  partial: boolean;
  suppressedIn: string[];
  samples: number | null;
  particles: number | null;
  concentrations: Block[];
}
interface ManifestNode {
  country: string;
  status: string;
  level: string | null;
  suppressedGroups: number;
  latencyMs: number | null;
  nodeQueryMs: number | null;
  reason: string | null;
  datasets: { id: string; version: string; licence: string }[];
}
export interface DemoResult {
  correlationId: string;
  complete: boolean;
  rows: Row[];
  manifest: { complete: boolean; nodes: ManifestNode[] };
}

/** POSTs the demo query to the hub's GraphQL with the analyst's token. */
export async function askHub(graphqlUrl: string, token: string): Promise<DemoResult> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DEMO_QUERY, variables: DEMO_VARIABLES }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data?: { microplasticSummary?: DemoResult }; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data?.microplasticSummary) {
    const e = body.errors?.[0];
    throw new DemoError(`the hub refused the demo query: ${e ? `${e.extensions?.code ?? 'ERROR'}: ${e.message}` : `HTTP ${res.status}`}`);
  }
  return body.data.microplasticSummary;
}

const dash = '—';
const num = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatValue(v));

/** The merged rows as an aligned table: one line per concentration block. */
export function resultTable(result: DemoResult): string[] {
  const header = ['COUNTRY', 'MATRIX', 'SAMPLES', 'PARTICLES', 'N', 'MEAN', 'MEDIAN', 'MIN', 'MAX', 'UNIT'];
  const rows: string[][] = [];
  for (const r of result.rows) {
    const key = [r.group.country ?? dash, r.group.matrix ?? dash];
    if (r.suppressed) {
      rows.push([...key, 'suppressed', '', '', '', '', '', '', 'fewer samples than the node\'s minimum group size']);
      continue;
    }
    const counts = [r.samples === null ? dash : formatCount(r.samples), r.particles === null ? dash : formatCount(r.particles)];
    const blocks = r.concentrations.length ? r.concentrations : [null];
    blocks.forEach((b, i) => {
      rows.push([
        ...(i === 0 ? key : ['', '']),
        ...(i === 0 ? counts : ['', '']),
        b ? formatCount(b.n) : dash,
        num(b?.mean), num(b?.median), num(b?.min), num(b?.max),
        b ? `${b.unit}${b.sizeClass ? ` (${b.sizeClass})` : ''}${r.partial ? ` — partial, suppressed in ${r.suppressedIn.join(', ')}` : ''}` : '',
      ]);
    });
  }
  return formatTable(header, rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left']);
}

/** The completeness manifest: what each node asked did. */
export function manifestTable(result: DemoResult): string[] {
  const header = ['COUNTRY', 'STATUS', 'LEVEL', 'DATASETS', 'SUPPRESSED GROUPS', 'LATENCY', 'REASON'];
  const rows = result.manifest.nodes.map((n) => [
    n.country,
    n.status,
    n.level ?? dash,
    n.datasets.length ? n.datasets.map((d) => `${d.id} (${d.licence})`).join(', ') : dash,
    String(n.suppressedGroups),
    n.latencyMs === null ? dash : `${n.latencyMs} ms`,
    n.reason ?? '',
  ]);
  return formatTable(header, rows, ['left', 'left', 'left', 'left', 'right', 'right', 'left']);
}
