import { ConfigError, loadConfig } from '@forewarn/platform';
import { ConsoleConfig } from './console.config';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const production = {
  NODE_ENV: 'production',
  AUTH_JWT_SECRET: secret,
  OIDC_ISSUER_URL: 'https://login.example.com/realms/staff',
  OIDC_CLIENT_ID: 'forewarn-console',
  OIDC_CLIENT_SECRET: 'client-secret',
  OIDC_REDIRECT_URL: 'https://console.example.com/auth/callback',
};

describe('ConsoleConfig', () => {
  it('starts in production with OpenID Connect over https, and its cookies are Secure', () => {
    const config = loadConfig(ConsoleConfig, production);
    expect(config.secureCookies).toBe(true);
    expect(config.PORT).toBe(3000);
  });

  it('refuses the local sign-in, a missing or plain-http provider and insecure cookies in production', () => {
    const refusal = (env: Record<string, string | undefined>) => {
      try {
        loadConfig(ConsoleConfig, env);
        return 'started';
      } catch (e) {
        return e instanceof ConfigError ? e.message : String(e);
      }
    };
    expect(refusal({ ...production, CONSOLE_DEV_SIGN_IN: '1' })).toMatch(/CONSOLE_DEV_SIGN_IN: the local sign-in lets anyone pick a role/);
    expect(refusal({ ...production, OIDC_ISSUER_URL: undefined })).toMatch(/OIDC_ISSUER_URL: production staff sign in through OpenID Connect/);
    expect(refusal({ ...production, OIDC_ISSUER_URL: 'http://login.example.com' })).toMatch(/OIDC_ISSUER_URL: must be https in production/);
    expect(refusal({ ...production, CONSOLE_SECURE_COOKIES: 'false' })).toMatch(/CONSOLE_SECURE_COOKIES/);
    expect(refusal({ ...production, OIDC_CLIENT_SECRET: undefined })).toMatch(/OIDC_CLIENT_SECRET is required with OIDC_ISSUER_URL/);
  });

  it('allows the local sign-in outside production, where cookies are not Secure', () => {
    const config = loadConfig(ConsoleConfig, { AUTH_JWT_SECRET: secret, CONSOLE_DEV_SIGN_IN: '1' });
    expect(config.CONSOLE_DEV_SIGN_IN).toBe(true);
    expect(config.secureCookies).toBe(false);
  });
});
