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

  it('needs a JWT secret unless a JWKS URL is configured', () => {
    expect(() => loadConfig(ExampleConfig, { PORT: '1' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadConfig(ExampleConfig, { PORT: '1', AUTH_JWKS_URL: 'https://idp.example/jwks' }).AUTH_JWKS_URL).toBe(
      'https://idp.example/jwks',
    );
  });

  it('refuses the test clock in production', () => {
    expect(() => loadConfig(ExampleConfig, { ...valid, NODE_ENV: 'production', FOREWARN_TEST_CLOCK: '1' })).toThrow(
      /FOREWARN_TEST_CLOCK/,
    );
  });
});
