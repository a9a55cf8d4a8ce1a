import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openBrowser } from '../../../../test/support/browser';
import { RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { samples } from './sample-data';
import { TEMPLATES, TemplateRenderer } from './template-renderer';

describe('templates', () => {
  describe('GET /api/v1/templates and the preview (real service)', () => {
    const stack = new TestStack();
    let notification: RunningService;
    let auditor: string;

    beforeAll(async () => {
      notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
      auditor = await stack.token(['auditor']);
    });

    afterAll(() => stack.stop());

    const preview = (name: string, data: unknown) =>
      notification.http().post(`/api/v1/templates/${name}/preview`).auth(auditor, { type: 'bearer' }).send({ data });

    it('lists every template with its version, description and sample data', async () => {
      const list = (await notification.http().get('/api/v1/templates').auth(auditor, { type: 'bearer' }).expect(200)).body;
      expect(list.map((t: { name: string; version: number }) => `${t.name}@${t.version}`)).toEqual(TEMPLATES.map((t) => `${t.name}@${t.version}`));
      expect(list[0]).toMatchObject({ description: expect.any(String), audience: 'customer-contact', sampleData: expect.objectContaining({ changeId: expect.any(String) }) });
    });

    it('previews exactly what would be sent, escaped, with UK dates', async () => {
      const response = await preview('subprocessor-change-announced', {
        ...samples.changeAnnounced,
        effectiveAt: '2027-07-01T08:00:00.000Z',
        customer: { name: '<b>Acme</b>' },
      }).expect(200);
      expect(response.body).toMatchObject({ template: 'subprocessor-change-announced', templateVersion: 3, subject: 'Notice of a subprocessor change: UKFast, from 1 July 2027' });
      expect(response.body.html).toContain('&lt;b&gt;Acme&lt;/b&gt;');
      expect(response.body.html).not.toContain('<b>Acme</b>');
      expect(response.body.text).toContain('Takes effect:  1 July 2027, 09:00 BST');
    });

    it('answers 404 for an unknown template, 422 naming the fields the data lacks, and 400 for data that is not an object', async () => {
      const missing = await preview('no-such-template', {}).expect(404);
      expect(missing.body.message).toMatch(/^template no-such-template does not exist; templates: subprocessor-change-announced/);
      const { effectiveAt: _e, ...noDate } = samples.changeAnnounced;
      const invalid = await preview('subprocessor-change-announced', { ...noDate, kind: 'merger' }).expect(422);
      expect(invalid.body.message).toEqual([expect.stringMatching(/kind must be one of.*effectiveAt must be an ISO 8601/)]);
      await preview('breach-notice', 'not an object').expect(400);
    });
  });

  /**
   * Every email as a mail client's browser engine shows it: it fits a phone's width without
   * sideways scrolling, and its link is a visible button. Screenshots go to
   * $TMPDIR/forewarn-emails for a human to look at.
   */
  describe('in Chromium', () => {
    const renderer = new TemplateRenderer();
    const dir = join(tmpdir(), 'forewarn-emails');
    let browser: Browser;

    beforeAll(async () => {
      mkdirSync(dir, { recursive: true });
      browser = await openBrowser();
    });

    afterAll(() => browser?.close());

    it('fits each email to a phone and a desktop screen', async () => {
      const page = await browser.newPage();
      for (const template of TEMPLATES) {
        const email = renderer.render(template.name, template.sampleData);
        for (const width of [375, 800]) {
          await page.setViewportSize({ width, height: 800 });
          await page.setContent(email.html);
          const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
          expect({ template: template.name, width, overflow }).toEqual({ template: template.name, width, overflow: 0 });
          expect(await page.title()).toBe(email.subject);
          await page.screenshot({ path: join(dir, `${template.name}-${width}.png`), fullPage: true });
        }
      }
      await page.setContent(renderer.render(TEMPLATES[0].name, TEMPLATES[0].sampleData).html);
      expect(await page.getByRole('link', { name: 'Read the notice or object online' }).isVisible()).toBe(true);
      await page.close();
    });
  });
});
