/** Injection token for the validated settings of the running service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
