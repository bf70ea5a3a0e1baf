/** The pino logger of one simulator instance. */
export const SIMULATOR_LOGGER = Symbol('SIMULATOR_LOGGER');
