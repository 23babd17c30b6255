import type { NatsLink } from './nats-link.js';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: { database: { status: 'up' | 'down'; latencyMs: number }; nats: { status: 'up' | 'down'; rttMs: number | null } };
}

/**
 * Health of an app that needs its database and talks to NATS: the database
 * decides up/down, a missing NATS link makes it degraded (it keeps serving).
 */
export async function checkHealth(pingDatabase: () => Promise<unknown>, nats: NatsLink): Promise<HealthReport> {
  const started = Date.now();
  let database: 'up' | 'down' = 'down';
  try {
    await pingDatabase();
    database = 'up';
  } catch {
    database = 'down';
  }
  const latencyMs = Date.now() - started;
  const natsStatus = nats.status();
  const status = database === 'down' ? 'down' : natsStatus === 'up' ? 'ok' : 'degraded';
  return { status, checks: { database: { status: database, latencyMs }, nats: { status: natsStatus, rttMs: await nats.rtt() } } };
}
