import { loadConfig } from '@forewarn/platform';
import { NotificationConfig, responderEmailsOf } from './notification.config';

const base = { PORT: '3002', AUTH_JWT_SECRET: 'x'.repeat(32), NOTICE_LINK_SECRET: 'y'.repeat(32), WEBHOOK_SECRETS_KEY: 'z'.repeat(32) };

describe('NotificationConfig: breach escalations reach someone', () => {
  it('refuses to start without RESPONDER_EMAILS while breach escalation emails are on (the default)', () => {
    expect(() => loadConfig(NotificationConfig, base)).toThrow(/RESPONDER_EMAILS is required while BREACH_ESCALATION_EMAILS is on/);
  });

  it('starts with responders, and reads them as a list', () => {
    const config = loadConfig(NotificationConfig, { ...base, RESPONDER_EMAILS: 'Oncall@Example.com, dpo@example.com' });
    expect(responderEmailsOf(config)).toEqual(['oncall@example.com', 'dpo@example.com']);
  });

  it('starts without responders only when escalation emails are turned off on purpose', () => {
    expect(loadConfig(NotificationConfig, { ...base, BREACH_ESCALATION_EMAILS: 'false' }).BREACH_ESCALATION_EMAILS).toBe(false);
  });

  it('still checks the addresses when they are given', () => {
    expect(() => loadConfig(NotificationConfig, { ...base, RESPONDER_EMAILS: 'not an address' })).toThrow(/RESPONDER_EMAILS must be a comma-separated list/);
  });
});

const production = {
  ...base,
  RESPONDER_EMAILS: 'ir@example.com',
  NODE_ENV: 'production',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true',
  SES_WEBHOOK_TOPIC_ARNS: 'arn:aws:sns:eu-west-2:123456789012:ses-events',
  PUBLIC_BASE_URL: 'https://notices.example.com',
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(NotificationConfig, env);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('NotificationConfig: production safeguards', () => {
  it('starts in production with the safeguards set', () => {
    expect(problems(production)).toBe('');
  });

  it('refuses, in production, signature checks off, no SNS topic allow-list and a plain-http base URL (issue 13, items 1, 3, 11)', () => {
    const { SES_WEBHOOK_TOPIC_ARNS: _, ...noTopics } = production;
    const message = problems({ ...noTopics, SES_WEBHOOK_VERIFY_SIGNATURES: 'false', PUBLIC_BASE_URL: 'http://notices.example.com' });
    expect(message).toMatch(/SES_WEBHOOK_VERIFY_SIGNATURES: must be on in production/);
    expect(message).toMatch(/SES_WEBHOOK_TOPIC_ARNS: required in production/);
    expect(message).toMatch(/PUBLIC_BASE_URL: must be https in production/);
  });

  it('reads a mistyped flag as an error, not as "off" (issue 13, item 3)', () => {
    expect(problems({ ...base, RESPONDER_EMAILS: 'ir@example.com', SES_WEBHOOK_VERIFY_SIGNATURES: 'of' })).toMatch(/SES_WEBHOOK_VERIFY_SIGNATURES must be one of/);
    expect(problems({ ...base, RESPONDER_EMAILS: 'ir@example.com', SES_WEBHOOK_TOPIC_ARNS: 'arn:t' })).toMatch(/SES_WEBHOOK_TOPIC_ARNS must be a comma-separated list/);
  });
});
