/** Public surface of the hub app, used by the CLI and the end-to-end tests. */
export { startHub, type StartedHub } from './main.js';
