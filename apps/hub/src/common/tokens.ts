/** Injection tokens of the hub app. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const HUB_LOGGER = Symbol('HUB_LOGGER');
