import { PassThrough } from 'node:stream';
import { ProgressLine } from './progress';

function terminal(isTTY: boolean) {
  const err = Object.assign(new PassThrough(), { isTTY });
  let written = '';
  err.on('data', (c: Buffer) => (written += c.toString()));
  return { io: { out: new PassThrough(), err, env: {} }, written: () => written };
}

describe('progress line', () => {
  it('is silent when stderr is not a terminal', () => {
    const t = terminal(false);
    new ProgressLine(t.io, () => 0).update({ rowsRead: 10, bytesRead: 100, elapsedMs: 1000 });
    expect(t.written()).toBe('');
  });

  it('rewrites one line in place, at most every 250 ms, then clears it', () => {
    const t = terminal(true);
    let now = 0;
    const line = new ProgressLine(t.io, () => now);
    line.update({ rowsRead: 12_000, bytesRead: 3 * 1_048_576, elapsedMs: 2000 });
    now = 100;
    line.update({ rowsRead: 13_000, bytesRead: 3 * 1_048_576, elapsedMs: 2100 });
    now = 300;
    line.update({ rowsRead: 20_000, bytesRead: 4 * 1_048_576, elapsedMs: 2300, phase: 'storing' });
    line.clear();
    expect(t.written()).toBe(
      '\r\x1b[2K12,000 rows, 6,000 rows/s, 3.0 MB read' + '\r\x1b[2K20,000 rows read (4.0 MB), storing… 2 s' + '\r\x1b[2K',
    );
  });
});
