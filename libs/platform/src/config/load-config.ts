import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { HttpAppConfig } from './http-app-config';

export class ConfigError extends Error {}

/** A value of the wrong type (or none) breaks every rule; saying the type is wrong says it best. */
const TYPE_RULES = ['isString', 'isInt', 'isNumber', 'isBoolean'];

/** One line per setting. */
function describe(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    const constraints = e.constraints ?? {};
    const rule = TYPE_RULES.find((r) => r in constraints) ?? Object.keys(constraints)[0];
    return `${e.property}: ${constraints[rule] ?? 'is invalid'}`;
  });
}

/**
 * Reads and validates a service's settings. Unknown variables are ignored (the environment holds
 * plenty); a wrong or missing one throws a ConfigError that names every offending variable.
 */
export function loadConfig<T extends HttpAppConfig>(
  configClass: new () => T,
  env: Record<string, string | undefined>,
): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(configClass, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${describe(errors).join('\n  ')}`);
  }
  const refused = [...commonRules(config), ...(config.NODE_ENV === 'production' ? config.productionProblems() : [])];
  if (refused.length > 0) throw new ConfigError(`Invalid configuration:\n  ${refused.join('\n  ')}`);
  return config;
}

function commonRules(config: HttpAppConfig): string[] {
  // NODE_ENV defaults to development, so "not production" would let a deployment that forgot it
  // move the clock of a live service.
  return config.FOREWARN_TEST_CLOCK && config.NODE_ENV !== 'test' ? ['FOREWARN_TEST_CLOCK: allowed only when NODE_ENV=test'] : [];
}
