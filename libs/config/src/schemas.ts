import { logLevel, memberCountry, memberList, natsUrl, nodeId, optionalPath, optionalUrl, port, postgresUrl, type ConfigOf, type Schema } from './env.js';

/** Only what the migrator and importer need: the database. */
export const databaseSchema = {
  DATABASE_URL: postgresUrl(),
} satisfies Schema;
export type DatabaseConfig = ConfigOf<typeof databaseSchema>;

/** A country node. */
export const nodeSchema = {
  DATABASE_URL: postgresUrl(),
  NATS_URL: natsUrl(),
  LITTORAL_MEMBERS: memberList(),
  LITTORAL_COUNTRY: memberCountry(),
  PORT: port(3000),
  LOG_LEVEL: logLevel(),
  LITTORAL_KEY_FILE: optionalPath('file holding this node\'s signing keys (littoral keys generate); without it the node does not publish its catalogue'),
  LITTORAL_NODE_ID: nodeId(),
  LITTORAL_PUBLIC_URL: optionalUrl('public base URL of this node, used in catalogue entries (e.g. https://node.th.example)'),
} satisfies Schema;
export type NodeConfig = ConfigOf<typeof nodeSchema>;

/** The regional hub. */
export const hubSchema = {
  DATABASE_URL: postgresUrl(),
  NATS_URL: natsUrl(),
  LITTORAL_MEMBERS: memberList(),
  PORT: port(4000),
  LOG_LEVEL: logLevel(),
} satisfies Schema;
export type HubConfig = ConfigOf<typeof hubSchema>;
