import { logLevel, memberCountry, memberList, natsUrl, natsUser, nodeId, optionalPath, optionalUrl, port, postgresUrl, streamName, streamPrefix, type ConfigOf, type Schema } from './env.js';

/** Only what the migrator and importer need: the database. */
export const databaseSchema = {
  DATABASE_URL: postgresUrl(),
} satisfies Schema;
export type DatabaseConfig = ConfigOf<typeof databaseSchema>;

/** How an app logs in to NATS: user and password file, or a NATS credentials file, or neither. */
const natsLogin = {
  NATS_USER: natsUser(),
  NATS_PASSWORD_FILE: optionalPath('file holding the NATS password of NATS_USER (read at start-up; one line)'),
  NATS_CREDS_FILE: optionalPath('NATS credentials file (user JWT and NKey seed, as made by nsc) to log in with instead of a user and password'),
} satisfies Schema;

/** A country node. */
export const nodeSchema = {
  DATABASE_URL: postgresUrl(),
  NATS_URL: natsUrl(),
  ...natsLogin,
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
  ...natsLogin,
  LITTORAL_MEMBERS: memberList(),
  PORT: port(4000),
  LOG_LEVEL: logLevel(),
  LITTORAL_STREAM_PREFIX: streamPrefix(),
  LITTORAL_CATALOGUE_STREAM: streamName(),
  HUB_CONSUMER_NAME: {
    description: 'durable JetStream consumer of this hub database (default hub-catalogue); one per hub database',
    parse(raw) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) throw new Error('expected a consumer name of letters, digits, _ and -');
      return raw;
    },
    fallback: () => 'hub-catalogue',
  },
  HUB_MAX_MESSAGE_BYTES: {
    description: 'largest catalogue message the hub accepts, in bytes (default 262144)',
    parse(raw) {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 1024 || n > 8_388_608) throw new Error('expected an integer number of bytes between 1024 and 8388608');
      return n;
    },
    fallback: () => 262_144,
  },
  HUB_PUBLIC_URL: optionalUrl('public base URL of the hub, used as the @id base of the regional catalogue (default http://localhost:<PORT>)'),
  HUB_PUBLISHER: {
    description: 'publisher named in the regional catalogue (default "Littoral regional hub")',
    parse(raw) {
      return raw;
    },
    fallback: () => 'Littoral regional hub',
  },
} satisfies Schema;
export type HubConfig = ConfigOf<typeof hubSchema>;
