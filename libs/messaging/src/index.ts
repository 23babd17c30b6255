/** NATS link and health checks shared by the node and the hub. */
export { NatsLink, type NatsLinkLogger } from './nats-link.js';
export { checkHealth, type HealthReport } from './health.js';
