// The node and hub apps pull in NestJS, TypeORM and GraphQL; requiring them
// only when a command needs them keeps `littoral --help` and usage errors fast.

export type NodeApp = typeof import('../../node/src/index.js');
export type HubApp = typeof import('../../hub/src/index.js');

/** The node app's public surface (apps/node/src/index.ts). */
export function loadNodeApp(): NodeApp {
  return require('../../node/src/index.js') as NodeApp;
}

/** The hub app's public surface (apps/hub/src/index.ts). */
export function loadHubApp(): HubApp {
  return require('../../hub/src/index.js') as HubApp;
}
