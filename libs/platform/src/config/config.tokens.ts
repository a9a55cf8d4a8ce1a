/** Injection token for the validated settings of the running service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Injection token for the running service's name (`subprocessor-registry`, …). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
