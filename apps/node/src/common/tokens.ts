/** Injection tokens of the node app. */
export const NODE_CONFIG = Symbol('NODE_CONFIG');
export const NODE_LOGGER = Symbol('NODE_LOGGER');
