import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The layering rules in .dependency-cruiser.js (libraries never import
// applications, node and hub share code only through libraries, the pure
// libraries stay free of frameworks and databases, no cycles), checked over
// the whole source tree.

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

it('source code keeps the layering rules of .dependency-cruiser.js', async () => {
  const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
  const { stdout } = await run(bin, ['apps', 'libs', '--config', '.dependency-cruiser.js', '--output-type', 'json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch(
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(100);
  expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
});
