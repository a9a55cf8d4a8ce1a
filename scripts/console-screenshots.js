#!/usr/bin/env node
// npm run docs:screenshots: pictures of the console's main pages for docs/console/, taken from a
// running `npm start` (CONSOLE_URL, default http://127.0.0.1:3000) with its demo data, in Chromium.
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ROOT } = require('./lib/local-env');

const BASE = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3000';
const OUT = path.join(ROOT, 'docs', 'console');

async function signedIn(browser, role, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${BASE}/sign-in`);
  await page.check(`#role-${role}`);
  await page.fill('#name', { compliance: 'Casey Compliance', responder: 'Robin Responder', admin: 'Alex Admin', auditor: 'Avery Auditor' }[role]);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** A long list is shown as its first screen; a page of one thing, whole. */
async function shoot(page, pathname, file, { fullPage = true } = {}) {
  await page.goto(`${BASE}${pathname}`);
  await page.screenshot({ path: path.join(OUT, file), fullPage });
  console.log(`[screenshots] ${file}: ${pathname}`);
}

async function firstLink(page, listPath) {
  await page.goto(`${BASE}${listPath}`);
  return page.locator('main table a').first().getAttribute('href');
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const signIn = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await shoot(signIn, '/sign-in', 'sign-in.png');
    const compliance = await signedIn(browser, 'compliance');
    await shoot(compliance, '/', 'home.png');
    await shoot(compliance, '/subprocessors', 'subprocessors.png', { fullPage: false });
    await shoot(compliance, '/changes/new', 'change-draft.png');
    const change = await firstLink(compliance, '/changes?status=announced');
    if (change) await shoot(compliance, change, 'change.png');
    const responder = await signedIn(browser, 'responder');
    const breach = await firstLink(responder, '/breaches');
    await shoot(responder, '/breaches', 'breaches.png', { fullPage: false });
    if (breach) {
      await shoot(responder, breach, 'breach.png');
      await shoot(responder, `${breach}/notify`, 'breach-notify.png');
    }
    const admin = await signedIn(browser, 'admin');
    await shoot(admin, '/customers', 'customers.png', { fullPage: false });
    const auditor = await signedIn(browser, 'auditor');
    await shoot(auditor, '/audit', 'audit.png', { fullPage: false });
    const phone = await signedIn(browser, 'responder', 375);
    if (breach) await shoot(phone, breach, 'breach-375px.png');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(`[screenshots] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
