/**
 * Typed configuration from the environment: validated once at start-up, one
 * error listing every bad variable, secrets never printed.
 */
export { loadConfig, redactUrl, redactNatsUrl, redactNatsUrls, postgresUrl, natsUrl, port, oneOf, memberList, memberCountry, logLevel, optionalPath, optionalUrl, natsUser, nodeId, streamPrefix, streamName } from './env.js';
export type { VarSpec, Schema, ConfigOf } from './env.js';
export { databaseSchema, nodeSchema, hubSchema } from './schemas.js';
export type { DatabaseConfig, NodeConfig, HubConfig } from './schemas.js';
