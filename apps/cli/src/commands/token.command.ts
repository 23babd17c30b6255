import path from 'node:path';
import type { Command } from 'commander';
import {
  DEVELOPMENT_ISSUER, ROLES, developmentIssuerJwks, issueDevelopmentToken, openDevelopmentIssuerKey, parseTokenTtl, type DevelopmentIssuerKey,
} from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { printJson, println, type Io } from '../output.js';

/** Where the development issuer's key is when --key-file does not say. */
export const DEFAULT_ISSUER_KEY_FILE = './littoral-issuer.json';

const WARNING = 'littoral token: for development and tests only; in production tokens come from your identity provider (docs/security.md)';
const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `littoral token issue | jwks`: a local development issuer (one Ed25519 key
 * in an owner-only file, created on first use). `issue` prints the token and
 * nothing else on standard output; `jwks` prints the public key set to point
 * LITTORAL_AUTH_JWKS at. No database, no NATS, no NestJS.
 */
export function registerToken(program: Command, io: Io, now: () => Date = () => new Date()): void {
  const token = program.command('token').description('development tokens from a local issuer key: issue, jwks (not for production)');

  token
    .command('issue')
    .description('print a short-lived JWT signed by the local development issuer (key file created on first use)')
    .option('--role <role>', `role the token grants; repeat for several (${ROLES.join(', ')})`, collect, [])
    .option('--country <CC>', 'the token\'s country claim (ISO 3166-1 alpha-2); also sets the default audience littoral-node-<cc>')
    .option('--org <org>', 'the token\'s org claim')
    .option('--sub <subject>', 'the token\'s subject', 'developer@localhost')
    .option('--ttl <span>', 'lifetime: a number with s, m or h, at most 24h', '1h')
    .option('--issuer <url>', 'the iss claim; the node or hub must have LITTORAL_AUTH_ISSUER set to it', DEVELOPMENT_ISSUER)
    .option('--audience <aud>', 'the aud claim: littoral-hub for the hub, littoral-node-<cc> for a node (default from --country)')
    .option('--key-file <path>', `issuer key file (default ${DEFAULT_ISSUER_KEY_FILE})`)
    .action(async (opts: { role: string[]; country?: string; org?: string; sub: string; ttl: string; issuer: string; audience?: string; keyFile?: string }) => {
      println(io.err, WARNING);
      const ttlSeconds = parseTokenTtl(opts.ttl);
      const audience = opts.audience ?? (opts.country ? `littoral-node-${opts.country.toLowerCase()}` : undefined);
      if (!audience) {
        throw new LittoralError('INPUT_INVALID', 'Give --audience (littoral-hub for the hub, littoral-node-<cc> for a node) or --country', { argument: 'audience' });
      }
      const key = await issuerKey(opts.keyFile, io, now);
      const jwt = await issueDevelopmentToken(
        key,
        { issuer: opts.issuer, audience, subject: opts.sub, roles: opts.role, country: opts.country, organisation: opts.org, ttlSeconds },
        now(),
      );
      println(io.out, jwt);
    });

  token
    .command('jwks')
    .description('print the development issuer\'s public key set (JSON) for LITTORAL_AUTH_JWKS (key file created on first use)')
    .option('--key-file <path>', `issuer key file (default ${DEFAULT_ISSUER_KEY_FILE})`)
    .action(async (opts: { keyFile?: string }) => {
      println(io.err, WARNING);
      printJson(io.out, developmentIssuerJwks(await issuerKey(opts.keyFile, io, now)));
    });
}

/** The issuer key of --key-file (default ./littoral-issuer.json), created on first use. */
async function issuerKey(option: string | undefined, io: Io, now: () => Date): Promise<DevelopmentIssuerKey> {
  const file = path.resolve(option ?? DEFAULT_ISSUER_KEY_FILE);
  const { key, created } = await openDevelopmentIssuerKey(file, now());
  if (created) println(io.err, `Created the development issuer key ${key.kid} in ${file} (mode 0600)`);
  return key;
}
