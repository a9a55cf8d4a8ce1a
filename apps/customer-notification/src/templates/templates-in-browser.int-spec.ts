import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openBrowser } from '../../../../test/support/browser';
import { TEMPLATES, TemplateRenderer } from './template-renderer';

/**
 * Every email as a mail client's browser engine shows it: it fits a phone's width without
 * sideways scrolling, and its link is a visible button. Screenshots go to
 * $TMPDIR/forewarn-emails for a human to look at.
 */
describe('emails in Chromium', () => {
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
