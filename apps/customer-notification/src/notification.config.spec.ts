import { loadConfig } from '@forewarn/platform';
import { NotificationConfig, responderEmailsOf } from './notification.config';

const base = { PORT: '3002', AUTH_JWT_SECRET: 'x'.repeat(32), NOTICE_LINK_SECRET: 'y'.repeat(32) };

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
