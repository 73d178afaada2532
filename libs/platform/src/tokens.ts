export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const TOPIC_SPECS = Symbol('TOPIC_SPECS');
