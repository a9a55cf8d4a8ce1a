import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';
import { IntSetting } from './setting-decorators';

class ExampleConfig extends ServiceConfig {
  @IntSetting(30)
  NOTICE_PERIOD_DAYS = 30;
}

const valid = { PORT: '3001', AUTH_JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig(ExampleConfig, valid);
    expect(config.PORT).toBe(3001);
    expect(config.NOTICE_PERIOD_DAYS).toBe(30);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.FOREWARN_TEST_CLOCK).toBe(false);
  });

  it('names every bad setting', () => {
    let message = '';
    try {
      loadConfig(ExampleConfig, { ...valid, NOTICE_PERIOD_DAYS: '29', KAFKA_BROKERS: 'nope', PORT: 'abc' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('NOTICE_PERIOD_DAYS');
    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('PORT: PORT must be an integer number');
  });

  const jwks = { PORT: '1', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example/', AUTH_AUDIENCE: 'forewarn' };
  const productionKafka = { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true' };

  it('needs a JWT secret unless a JWKS URL is configured', () => {
    expect(() => loadConfig(ExampleConfig, { PORT: '1' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadConfig(ExampleConfig, jwks).AUTH_JWKS_URL).toBe('https://idp.example/jwks');
  });

  it('needs the issuer and the audience with a JWKS URL (issue 13, item 2)', () => {
    const message = (() => {
      try {
        loadConfig(ExampleConfig, { PORT: '1', AUTH_JWKS_URL: 'https://idp.example/jwks' });
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/AUTH_ISSUER is required/);
    expect(message).toMatch(/AUTH_AUDIENCE is required/);
  });

  it('refuses a flag value it does not know, rather than reading it as off (issue 13, item 3)', () => {
    expect(() => loadConfig(ExampleConfig, { ...valid, KAFKA_SSL: 'enabled' })).toThrow(/KAFKA_SSL must be one of 1, true, yes, on, 0, false, no, off/);
    expect(loadConfig(ExampleConfig, { ...valid, KAFKA_SSL: 'on' }).KAFKA_SSL).toBe(true);
    expect(loadConfig(ExampleConfig, { ...valid, KAFKA_SSL: 'No' }).KAFKA_SSL).toBe(false);
  });

  it('allows the test clock only with NODE_ENV=test, not by default (issue 13, item 9)', () => {
    expect(() => loadConfig(ExampleConfig, { ...valid, FOREWARN_TEST_CLOCK: '1' })).toThrow(/FOREWARN_TEST_CLOCK: allowed only when NODE_ENV=test/);
    expect(() => loadConfig(ExampleConfig, { ...valid, ...productionKafka, NODE_ENV: 'production', FOREWARN_TEST_CLOCK: '1' })).toThrow(/FOREWARN_TEST_CLOCK/);
    expect(loadConfig(ExampleConfig, { ...valid, NODE_ENV: 'test', FOREWARN_TEST_CLOCK: '1' }).FOREWARN_TEST_CLOCK).toBe(true);
  });

  it('refuses plaintext Kafka and an http JWKS URL in production (issue 13, items 8 and 11)', () => {
    const production = { ...jwks, NODE_ENV: 'production' };
    let message = '';
    try {
      loadConfig(ExampleConfig, { ...production, AUTH_JWKS_URL: 'http://idp.example/jwks' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/KAFKA_SASL_MECHANISM: Kafka clients must authenticate/);
    expect(message).toMatch(/KAFKA_SSL: Kafka must be reached over TLS/);
    expect(message).toMatch(/AUTH_JWKS_URL: must be https/);
    expect(loadConfig(ExampleConfig, { ...production, ...productionKafka }).NODE_ENV).toBe('production');
    expect(loadConfig(ExampleConfig, { ...production, KAFKA_ALLOW_PLAINTEXT: 'true' }).NODE_ENV).toBe('production'); // said out loud
  });
});
