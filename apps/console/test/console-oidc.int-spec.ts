import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { freePort } from '../../../test/support/private-servers';
import { ConsoleTestStack } from './console-test-stack';

/**
 * Production sign-in end to end: the console against a real OpenID Connect provider started on
 * this machine, authorization code with PKCE, roles from the ID token's claim.
 */
describe('console sign-in through OpenID Connect (a real provider, Chromium)', () => {
  const product = new ConsoleTestStack();
  let provider: ChildProcess;
  let issuer: string;
  let consoleApp: INestApplication;
  let base: string;

  beforeAll(async () => {
    const [providerPort, consolePort] = await Promise.all([freePort(), freePort()]);
    issuer = `http://127.0.0.1:${providerPort}`;
    base = `http://127.0.0.1:${consolePort}`;
    provider = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_PORT: String(providerPort),
        OIDC_CLIENT_ID: 'forewarn-console',
        OIDC_CLIENT_SECRET: 'test-client-secret-0123456789',
        OIDC_REDIRECT_URL: `${base}/auth/callback`,
        OIDC_POST_LOGOUT_URL: `${base}/sign-in?signedOut=1`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      provider.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      provider.once('exit', (code) => reject(new Error(`the test OpenID provider exited (${code})`)));
    });
    await product.start();
    consoleApp = await product.startConsole({
      PORT: String(consolePort),
      CONSOLE_DEV_SIGN_IN: 'false',
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: 'forewarn-console',
      OIDC_CLIENT_SECRET: 'test-client-secret-0123456789',
      OIDC_REDIRECT_URL: `${base}/auth/callback`,
      OIDC_ROLES_CLAIM: 'roles',
    }, consolePort);
  });

  afterAll(async () => {
    await consoleApp?.close();
    provider?.kill();
    await product.stop();
  });

  async function signInAtProvider(page: Page, login: string, path = '/changes'): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.getByRole('link', { name: 'Sign in with your company account' }).click();
    // The provider's development pages load a web font this machine cannot reach: wait for the page, not its load event.
    await page.waitForURL((url) => url.origin === issuer, { waitUntil: 'commit' });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('signs a person in with code + PKCE, takes their roles from the claim, and returns them to their page', async () => {
    const context = await product.browser.newContext();
    const page = await context.newPage();
    const authorizeRequests: URL[] = [];
    page.on('request', (r) => r.url().startsWith(`${issuer}/auth?`) && authorizeRequests.push(new URL(r.url())));
    await signInAtProvider(page, 'casey');
    await page.waitForURL(`${base}/changes`);
    expect(await page.locator('.who').textContent()).toContain('Casey Compliance (compliance)');
    expect(await page.getByRole('link', { name: 'Draft a change' }).count()).toBe(1);
    const asked = authorizeRequests[0].searchParams;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toBeTruthy();
    expect(asked.get('nonce')).toBeTruthy();
    // No token reaches the browser: the only cookie is the opaque, httpOnly session id.
    // (The provider, on the same host, keeps cookies of its own.)
    const cookies = (await context.cookies(base)).filter((c) => c.name.startsWith('forewarn')).map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }));
    expect(cookies).toEqual([{ name: 'forewarn-session', httpOnly: true, sameSite: 'Lax' }]);
    expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    await context.close();
  });

  it('refuses an answer whose state was tampered with', async () => {
    const context = await product.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with your company account' }).click();
    await page.waitForURL((url) => url.origin === issuer, { waitUntil: 'commit' });
    const asked = new URL(page.url()).searchParams;
    // The browser comes back with a state this sign-in did not send (a forged or replayed callback).
    await page.goto(`${base}/auth/callback?code=forged-code&state=${asked.get('state')}x&iss=${encodeURIComponent(issuer)}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in failed');
    expect(await page.getByRole('alert').textContent()).toBe('The identity provider\'s answer did not check out (unexpected "state" response parameter value).');
    expect((await context.cookies(base)).filter((c) => c.name === 'forewarn-session')).toEqual([]);
    await context.close();
  });

  it('refuses an ID token issued for another audience', async () => {
    await fetch(`${issuer}/test/id-token-audience?value=some-other-app`);
    try {
      const context = await product.browser.newContext();
      const page = await context.newPage();
      await signInAtProvider(page, 'casey');
      await page.waitForURL((url) => url.pathname === '/auth/callback', { waitUntil: 'commit' });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in failed');
      expect(await page.getByRole('alert').textContent()).toBe('The identity provider\'s answer did not check out (unexpected JWT "aud" (audience) claim value).');
      expect((await context.cookies(base)).filter((c) => c.name === 'forewarn-session')).toEqual([]);
      await context.close();
    } finally {
      await fetch(`${issuer}/test/id-token-audience`);
    }
  });

  it('refuses a person the provider gives no Forewarn role', async () => {
    const context = await product.browser.newContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'someone-else');
    await page.waitForURL((url) => url.pathname === '/auth/callback', { waitUntil: 'commit' });
    expect(await page.getByRole('alert').textContent()).toContain('Your account has no Forewarn role');
    await context.close();
  });
});
