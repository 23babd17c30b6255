import { userInfo } from 'node:os';
import type { DataSource } from 'typeorm';
import { loadConfig, memberCountry, nodeSchema, type VarSpec } from '@littoral/config';
import { GrantsService } from './grants.service.js';
import type { GrantActor } from './grant-version.js';

// What `littoral grants` needs: the node's database and, for `explain`, the
// node's country (the owner of its datasets). The CLI writes grant versions
// and marks the datasets for the catalogue; the running node signs and
// publishes the new entries at its next sweep (or at its next start).

const cliGrantsSchema = {
  LITTORAL_MEMBERS: nodeSchema.LITTORAL_MEMBERS,
  LITTORAL_COUNTRY: { ...memberCountry(), fallback: () => null } as VarSpec<string | null>,
};

/** The grants service as the CLI runs it (no Nest, no NATS). */
export function openGrantsForCli(db: DataSource, env: Readonly<Record<string, string | undefined>>): GrantsService {
  const config = loadConfig(cliGrantsSchema, env);
  return new GrantsService(db, { country: config.LITTORAL_COUNTRY });
}

/** Who the history records for a change made with the CLI: `cli:<os user>`. */
export function cliActor(env: Readonly<Record<string, string | undefined>>): GrantActor {
  let user = env.USER ?? env.LOGNAME ?? 'unknown';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry for this uid (containers): keep the environment's name.
  }
  return { subject: `cli:${user}`, country: null, organisation: null, roles: [] };
}
