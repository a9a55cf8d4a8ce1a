import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '@forewarn/platform';
import { BreachConfig } from '../../breach-response/src/breach.config';
import { breachDescription, BreachModule } from '../../breach-response/src/breach.module';
import { NotificationConfig } from '../../customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../../customer-notification/src/notification.module';
import { RegistryConfig } from '../../subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../../subprocessor-registry/src/registry.module';
import { openBrowser } from '../../../test/support/browser';
import { freePort } from '../../../test/support/private-servers';
import { RunningService, TestStack } from '../../../test/support/test-stack';
import { ConsoleConfig } from '../src/console.config';
import { startConsole } from '../src/console-app';

/**
 * The whole product for a browser test: the three services on real ports (the console calls them
 * over HTTP, customers open their emailed links), the console in front, all on this run's own
 * databases and topics, and a headless Chromium.
 */
export class ConsoleTestStack {
  readonly stack = new TestStack();
  registry!: RunningService;
  notification!: RunningService;
  breach!: RunningService;
  console!: INestApplication;
  consoleUrl!: string;
  browser!: Browser;
  readonly urls: Record<'registry' | 'notification' | 'breach', string> = { registry: '', notification: '', breach: '' };

  async start(consoleSettings: Record<string, string> = {}): Promise<this> {
    const [registryPort, notificationPort, breachPort] = await Promise.all([freePort(), freePort(), freePort()]);
    this.urls.registry = `http://127.0.0.1:${registryPort}`;
    this.urls.notification = `http://127.0.0.1:${notificationPort}`;
    this.urls.breach = `http://127.0.0.1:${breachPort}`;
    [this.registry, this.notification, this.breach, this.browser] = await Promise.all([
      this.stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription, {
        NOTIFICATION_SERVICE_URL: this.urls.notification,
        PUBLIC_BASE_URL: this.urls.registry,
      }),
      this.stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, { PUBLIC_BASE_URL: this.urls.notification }),
      this.stack.start('breach-response', BreachConfig, (c) => BreachModule.register(c), breachDescription),
      openBrowser(),
    ]);
    await Promise.all([
      this.registry.app.listen(registryPort, '127.0.0.1'),
      this.notification.app.listen(notificationPort, '127.0.0.1'),
      this.breach.app.listen(breachPort, '127.0.0.1'),
    ]);
    this.console = await this.startConsole(consoleSettings);
    return this;
  }

  /** A console over this run's services; tests may start a second one with other settings. */
  async startConsole(settings: Record<string, string> = {}, port = 0): Promise<INestApplication> {
    const config = loadConfig(ConsoleConfig, {
      ...this.stack.env('console'),
      REGISTRY_URL: this.urls.registry,
      NOTIFICATION_URL: this.urls.notification,
      BREACH_URL: this.urls.breach,
      PUBLIC_LIST_URL: this.urls.registry,
      CONSOLE_DEV_SIGN_IN: '1',
      ...settings,
    });
    const app = await startConsole(config, { listen: false });
    await app.listen(port, '127.0.0.1');
    if (!this.consoleUrl) this.consoleUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return app;
  }

  /** Moves every service's test clock, and the console's, by the same amount. */
  async advanceClocks(ms: number): Promise<void> {
    for (const service of [this.registry, this.notification, this.breach]) await service.http().post('/internal/test-clock').send({ advanceMs: ms }).expect(200);
    await fetch(`${this.consoleUrl}/internal/test-clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  }

  token(roles: string[]): Promise<string> {
    return this.stack.token(roles);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.console?.close();
    await this.stack.stop();
  }
}

/** Signs in through the local sign-in page as one role; answers on the page signing in led to. */
export async function signIn(page: Page, baseUrl: string, role: string, name = `Test ${role}`, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel(new RegExp(`^${{ compliance: 'Compliance', responder: 'Incident responder', auditor: 'Auditor', admin: 'Administrator' }[role]}`)).check();
  await page.getByLabel(/Your name/).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A and AA rules).
 * The script is evaluated through the debugging protocol, which the page's CSP does not govern.
 */
export async function seriousAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  const violations = (await page.evaluate(`${AXE_SOURCE}; axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r) => r.violations)`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable list of findings for a failed expectation. */
export const described = (violations: AxeViolation[]) => violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
