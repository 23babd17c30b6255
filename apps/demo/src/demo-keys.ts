import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_ISSUER, createDevelopmentIssuerKey, developmentIssuerJwks, issueDevelopmentToken, writeDevelopmentIssuerKey } from '@littoral/auth';
import { generateKeyFile, publicJwks, writeKeyFile } from '@littoral/crypto';
import { ANALYST, COUNTRIES } from './scenario.js';

/** The audience of tokens for the hub (its default LITTORAL_AUTH_AUDIENCE). */
export const HUB_AUDIENCE = 'littoral-hub';

/** Key files of one run, all in its scratch directory (mode 0600 where they hold a private key). */
export interface DemoKeys {
  /** The development token issuer: private key file (for `littoral token issue --key-file`) and public JWKS. */
  readonly issuerKeyFile: string;
  readonly issuerJwks: string;
  /** The hub's envelope signing key and its public JWKS (the nodes' LITTORAL_HUB_JWKS). */
  readonly hubKeyFile: string;
  readonly hubJwks: string;
  /** Per country: the node's key file and its public JWKS (registered at the hub). */
  readonly nodes: ReadonlyMap<string, { keyFile: string; jwksFile: string }>;
  /** The analyst's bearer token for the hub, valid 1 hour. */
  readonly token: string;
}

/**
 * What `littoral keys generate` and `littoral token` would make: a signing key
 * per node, the hub's key, a development issuer trusted by the hub and every
 * node, and a token of that issuer for the demo's analyst.
 */
export async function createDemoKeys(dir: string, now = new Date()): Promise<DemoKeys> {
  const issuer = await createDevelopmentIssuerKey(now);
  const issuerKeyFile = path.join(dir, 'issuer-key.json');
  await writeDevelopmentIssuerKey(issuerKeyFile, issuer);
  const issuerJwks = path.join(dir, 'issuer-jwks.json');
  writeFileSync(issuerJwks, JSON.stringify(developmentIssuerJwks(issuer)));

  const hubKeys = await generateKeyFile('TH', now); // the country of a hub key file is not used
  const hubKeyFile = path.join(dir, 'hub-keys.json');
  await writeKeyFile(hubKeyFile, hubKeys);
  const hubJwks = path.join(dir, 'hub-jwks.json');
  writeFileSync(hubJwks, JSON.stringify(publicJwks(hubKeys)));

  const nodes = new Map<string, { keyFile: string; jwksFile: string }>();
  for (const c of COUNTRIES) {
    const keys = await generateKeyFile(c.code, now);
    const keyFile = path.join(dir, `${c.code.toLowerCase()}-keys.json`);
    await writeKeyFile(keyFile, keys);
    const jwksFile = path.join(dir, `${c.code.toLowerCase()}-jwks.json`);
    writeFileSync(jwksFile, JSON.stringify(publicJwks(keys)));
    nodes.set(c.code, { keyFile, jwksFile });
  }

  const token = await issueDevelopmentToken(
    issuer,
    { issuer: DEVELOPMENT_ISSUER, audience: HUB_AUDIENCE, subject: ANALYST.subject, roles: ['analyst'], country: ANALYST.country, organisation: ANALYST.organisation, ttlSeconds: 3600 },
    now,
  );
  return { issuerKeyFile, issuerJwks, hubKeyFile, hubJwks, nodes, token };
}
