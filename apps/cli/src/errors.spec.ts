import { PassThrough } from 'node:stream';
import { CommanderError } from 'commander';
import { LittoralError } from '@littoral/contracts';
import { reportError } from './errors';

const URL_WITH_SECRET = 'postgres://agency:Hunter2-secret@db.example:5432/littoral_th';

function report(err: unknown, env: Record<string, string> = { DATABASE_URL: URL_WITH_SECRET }): { code: number; text: string } {
  const err$ = new PassThrough();
  let text = '';
  err$.on('data', (c: Buffer) => (text += c.toString()));
  const code = reportError(err, { out: new PassThrough(), err: err$, env });
  return { code, text };
}

describe('reportError', () => {
  it.each([
    ['a LittoralError', new LittoralError('DATASET_INVALID', 'Invalid dataset: license "X"'), 1, 'error [DATASET_INVALID]: Invalid dataset: license "X"\n'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' }), 1,
      'error: cannot connect to the database at postgres://agency:***@db.example:5432/littoral_th: connect ECONNREFUSED 10.0.0.1:5432; check that Postgres is running and DATABASE_URL is right\n'],
    ['an unmigrated database', Object.assign(new Error('relation "dataset" does not exist'), { code: '42P01' }), 1,
      'error: the database at postgres://agency:***@db.example:5432/littoral_th is not migrated (relation "dataset" does not exist); run `littoral migrate` first\n'],
    ['an unknown error, first line only', new Error('boom\n    at somewhere (x.js:1:1)'), 1, 'error: boom\n'],
    ['a usage error (already printed by commander)', new CommanderError(1, 'commander.unknownCommand', 'x'), 2, ''],
    ['help or version', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0, ''],
  ])('%s', (_label, err, code, text) => {
    expect(report(err)).toEqual({ code, text });
  });

  it('hides the database URL and its password wherever a message repeats them', () => {
    const { text } = report(new Error(`failed for ${URL_WITH_SECRET} (password Hunter2-secret)`));
    expect(text).not.toContain('Hunter2-secret');
    expect(text).toBe('error: failed for postgres://agency:***@db.example:5432/littoral_th (password ***)\n');
  });
});
