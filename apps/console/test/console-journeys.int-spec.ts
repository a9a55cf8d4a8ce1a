import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { emailJobsDrained } from '../../customer-notification/src/deliveries/testing/sending-fixtures';
import { emailsTo, eventually } from '../../../test/support/test-stack';
import { londonInputValue } from '../src/forms/london-time-input';
import { ConsoleTestStack, described, seriousAccessibilityProblems, signIn } from './console-test-stack';

const DAY = 24 * 3600_000;

/**
 * The console's journeys in a real browser, through the real stack: the four apps, Kafka,
 * FerretDB and the SES emulator. Each test is what one person does at work.
 */
describe('staff console journeys (Chromium, the whole stack)', () => {
  const product = new ConsoleTestStack();
  const run = product.stack.runId;
  const contacts = [`dpo.${run}@acme.example`, `it.${run}@globex.example`];
  const subscriber = `reader.${run}@public.example`;
  let base: string;
  let subprocessorName: string;
  let changePath: string;

  beforeAll(async () => {
    await product.start();
    base = product.consoleUrl;
    const admin = await product.token(['admin']);
    for (const [i, email] of contacts.entries()) {
      await product.notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send({ name: `Customer ${i} ${run}`, contacts: [{ name: `Contact ${i}`, email }] }).expect(201);
    }
    // A member of the public subscribed to the change notices, whose emails the progress counts apart.
    await product.notification.http().post('/subscriptions').send({ email: subscriber }).expect(202);
    const [confirmation] = await eventually('the confirmation email', () => emailsTo([subscriber]), (e) => e.length === 1);
    await product.notification.http().post(/\/subscriptions\/confirm\/[\w.-]+/.exec(confirmation.body.text ?? '')![0]).expect(200);
  });

  afterAll(async () => {
    // Nothing still sending when the services stop: the job topics are consumed to their end.
    await emailJobsDrained(product.stack).catch(() => undefined);
    await product.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await product.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The confirmations before acts that cannot be undone: the person says yes.
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(described(await seriousAccessibilityProblems(page))).toEqual([]);
  }

  async function serviceNow(): Promise<Date> {
    const response = await product.registry.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200);
    return new Date(response.body.now);
  }

  it('a compliance officer registers a subprocessor, is told the earliest date for a 29-day change, announces at 31 days, watches it reach everyone and downloads the proof', async () => {
    const page = await newPage();
    await signIn(page, base, 'compliance', 'Casey Compliance', '/subprocessors');
    expect(new URL(page.url()).pathname).toBe('/subprocessors');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Register a subprocessor' }).click();
    subprocessorName = `Vault Backup ${run}`;
    await page.getByLabel('Name', { exact: true }).fill(subprocessorName);
    await page.getByLabel('Category', { exact: true }).fill('Data hosting services');
    await page.getByLabel('Purpose').fill('Keeps off-site copies of the backups');
    await page.getByLabel('Categories of personal data').fill('contact details\naccount data');
    await page.getByLabel('Processing locations').fill('GB');
    await page.getByLabel('DPA reference').fill('DPA-2027-001');
    await page.getByLabel('DPA signed on').fill('2026-11-01');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Saved');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(subprocessorName);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Draft a change for it' }).click();
    const earliestShown = await page.locator('#earliest').textContent();
    expect(earliestShown).toMatch(/at least 30 days ahead: announced now, the earliest effective date is \d{1,2} \w+ \d{4}, \d{2}:\d{2} (GMT|BST)/);
    const now = await serviceNow();
    await page.getByLabel('Takes effect (UK time)').fill(londonInputValue(new Date(now.getTime() + 29 * DAY)));
    await page.getByLabel('Summary for customers').fill('We add an off-site backup provider in the UK.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The 422 in words, beside the date, with the earliest date; what was typed is still there.
    const problem = page.locator('#f-effectiveAt-problem');
    await expect(problem.textContent()).resolves.toMatch(/Customers must be told at least 30 days before a change takes effect, so this date is too soon\. The earliest effective date is \d{1,2} \w+ \d{4}, \d{2}:\d{2} (GMT|BST)\./);
    expect(await page.getByLabel('Summary for customers').inputValue()).toBe('We add an off-site backup provider in the UK.');
    expect(await page.getByLabel('Takes effect (UK time)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await page.getByLabel('Takes effect (UK time)').fill(londonInputValue(new Date(now.getTime() + 31 * DAY)));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Draft saved');
    changePath = new URL(page.url()).pathname;

    await page.getByRole('button', { name: 'Announce to customers' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The change was announced');
    // The progress box updates itself (htmx) until every email is out: no reload here.
    await page.locator('[data-progress-percent="100"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#progress').textContent()).toMatch(/100 % sent: 2 of 2/);
    // The subscriber's email is counted apart from the customers' (and is not in the proof below).
    await eventually(
      'the subscriber counted apart',
      async () => (await page.reload(), await page.locator('#progress').textContent()),
      (text) => !!text?.includes('Public subscribers, apart from the customers above: 1 of 1 sent.'),
    );
    expect(await page.getByRole('heading', { name: 'Public list versions it made' }).count()).toBe(1);
    expect(await page.locator('li', { hasText: /^Version \d+, announced/ }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Who was told, and when' }).click();
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await expectAccessible(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toContain('email');
    expect(header).toContain('late');
    expect(rows.map((r) => contacts.find((c) => r.includes(c)))).toEqual(expect.arrayContaining(contacts));
    expect(rows.every((r) => r.endsWith(',false,email,,'))).toBe(true); // late: no; sent by email
    await page.context().close();
  });

  it('a customer objects through the emailed link; the objection appears on the change and the officer resolves it', async () => {
    const changeId = changePath.split('/').pop()!;
    const link = await eventually(
      'the notice email with its link at the emulator',
      async () => (await emailsTo([contacts[0]])).flatMap((e) => (e.body.text ?? '').match(/https?:\/\/\S+\/n\/[A-Za-z0-9_.-]+/g) ?? [])[0],
      (l) => l !== undefined,
    );
    const customerPage = await newPage();
    await customerPage.goto(link!);
    await customerPage.getByLabel('Your reasons for objecting').fill('We need every backup host vetted by our security team first.');
    await customerPage.getByRole('button', { name: 'Send objection' }).click();
    await customerPage.waitForLoadState();
    expect(await customerPage.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you: we have received your objection');
    await customerPage.context().close();

    const page = await newPage();
    await signIn(page, base, 'compliance', 'Casey Compliance', changePath);
    // The registry learns of it from Kafka; the officer reloads until it is there.
    await eventually('the objection on the change page', async () => (await page.reload(), await page.getByRole('heading', { name: /Objections \(1 open of 1\)/ }).count()), (n) => n === 1);
    expect(await page.locator('article.card').textContent()).toContain('We need every backup host vetted by our security team first.');
    await expectAccessible(page);
    await page.getByLabel('Resolution note').fill('Called them; our vetting report satisfied their security team.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('resolved');
    expect(await page.locator('article.card').textContent()).toContain('Called them; our vetting report satisfied their security team.');
    expect(await page.getByRole('heading', { name: /Objections \(0 open of 1\)/ }).count()).toBe(1);
    expect(changeId).toMatch(/^[0-9a-f]{24}$/);
    await page.context().close();
  });

  it('a responder logs a breach, watches the 72-hour clock count down, moves it on, previews and sends the customer notice, adds a note and opens the report', async () => {
    const page = await newPage();
    await signIn(page, base, 'responder', 'Robin Responder', '/breaches');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Log a breach' }).click();
    await page.getByLabel('Title').fill(`Laptop stolen ${run}`);
    await page.getByLabel('What happened').fill('A support laptop was stolen from a car; its disk was encrypted.');
    await page.getByLabel('When we became aware').fill(londonInputValue(await serviceNow()));
    await page.getByLabel('stolen').check();
    await page.getByLabel('Categories of personal data').fill('contact details');
    await page.getByLabel('About how many people').fill('1,200');
    await page.getByLabel('About how many records').fill('3000');
    await page.getByLabel('Our role', { exact: true }).selectOption('both');
    await page.getByLabel('All customers').check();
    await page.getByLabel('Risk to people').selectOption('risk');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Log the breach' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('reported');
    const breachPath = new URL(page.url()).pathname;

    const icoClock = page.locator('li', { hasText: 'Report to the ICO' }).locator('.clock');
    const before = await icoClock.textContent();
    expect(before).toMatch(/^(3 days|2 days 23 hours) left$/);
    // Five hours on (the session idles out meanwhile, so the responder signs in again and is back).
    await product.advanceClocks(5 * 3600_000);
    await page.reload();
    await page.getByLabel(/^Incident responder/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === breachPath);
    expect(await icoClock.textContent()).toMatch(/^2 days 1[89] hours left$/);
    await expectAccessible(page);

    for (const next of ['triaged', 'contained']) {
      await page.getByLabel(next, { exact: true }).check();
      await page.getByRole('button', { name: 'Move' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain(`moved to ${next}`);
    }

    await page.getByRole('link', { name: 'Notify customers…' }).click();
    expect(await page.locator('[data-preview-subject]').textContent()).toContain('BR-');
    await page.getByLabel('A message to add').fill('We will write again within 48 hours.');
    await page.getByRole('button', { name: 'Update the preview' }).click();
    const frame = page.frameLocator('iframe.preview');
    await expect(frame.locator('body').textContent()).resolves.toContain('We will write again within 48 hours.');
    await expectAccessible(page);
    // By keyboard: headless Chromium sometimes routes a mouse click below the sandboxed preview
    // frame (another process) to that frame, so the click never reaches the button.
    await page.getByRole('button', { name: 'Send to customers' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/notice BR-\d{4}-\d{4}-N1 sent/);

    await page.getByLabel('Add a note').fill('Police crime reference 4471 obtained.');
    await page.getByRole('button', { name: 'Add to the timeline' }).click();
    expect(await page.locator('ol.timeline').textContent()).toContain('Police crime reference 4471 obtained.');
    expect(await page.locator('[data-chain]').getAttribute('data-chain')).toBe('verified');

    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Authority report (printable)' }).click()]);
    await report.waitForLoadState();
    expect(await report.textContent('body')).toContain(`Laptop stolen ${run}`);
    expect(breachPath).toMatch(/^\/breaches\//);
    await page.context().close();
  });

  it('an administrator finds a customer among many by name, imports a CSV and reads its rejected rows, and previews a template', async () => {
    const page = await newPage();
    await signIn(page, base, 'admin', 'Alex Admin', '/customers');
    await page.getByLabel('Name starts with').fill(`customer 1 ${run}`);
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(await page.locator('table tbody tr').textContent()).toContain(`Customer 1 ${run}`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Import CSV or JSON' }).click();
    const csv = ['externalId,customerName,contactName,email,receives', `imp-${run},Imported ${run},Ira,ira.${run}@imported.example,`, `imp2-${run},Broken ${run},Bea,not-an-address,`].join('\n');
    await page.getByLabel('File').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await page.getByRole('heading', { name: 'Result of customers.csv' }).count()).toBe(1);
    const rejected = page.getByRole('region', { name: 'Rejected rows' });
    expect(await rejected.locator('tbody tr').count()).toBe(1);
    expect(await rejected.locator('tbody tr td').first().textContent()).toBe('3');
    expect(await rejected.textContent()).toContain('email');
    await expectAccessible(page);

    await page.goto(`${base}/templates`);
    await page.getByRole('link', { name: 'breach-notice' }).click();
    await expect(page.frameLocator('iframe.preview').locator('body').textContent()).resolves.toContain('Notice of a personal data breach');
    await expectAccessible(page);
    await page.context().close();
  });

  it("a compliance officer records a customer's own terms; drafting a change names that customer, and the announced change asks its approval until a decision is recorded", async () => {
    const page = await newPage();
    await signIn(page, base, 'compliance', 'Casey Compliance', '/customers');
    await page.getByLabel('Name starts with').fill(`customer 1 ${run}`);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: `Customer 1 ${run}` }).click();
    expect(await page.getByText("Standard terms: the registry's notice period").count()).toBe(1);

    await page.getByLabel('Notice period (days)').fill('29');
    await page.getByRole('button', { name: 'Save the terms' }).click();
    expect(await page.locator('#f-noticePeriodDays-problem').textContent()).toContain('noticePeriodDays');
    expect(await page.getByLabel('Notice period (days)').inputValue()).toBe('29');
    await expectAccessible(page);

    const setTerms = async (days: string, authorisation: 'general' | 'specific') => {
      await page.getByLabel('Notice period (days)').fill(days);
      await page.getByLabel('Authorisation of subprocessor changes').selectOption(authorisation);
      await page.getByRole('button', { name: 'Save the terms' }).click();
      expect(await page.getByRole('status').textContent()).toBe('Saved.');
    };
    await setTerms('45', 'specific');
    expect(await page.locator('dl.facts dd', { hasText: '45 days' }).count()).toBe(1);
    const customerPath = new URL(page.url()).pathname;

    const earliestSaid = async () => (await page.goto(`${base}/changes/new`), (await page.locator('#earliest').textContent()) ?? '');
    const said = await eventually('the draft form owes 45 days', earliestSaid, (text) => text.includes('45 days'));
    expect(said).toContain(`That period is what the terms of this customer ask: Customer 1 ${run}.`);
    await expectAccessible(page);

    // The change announced earlier now awaits this customer's approval; compliance records one given in writing.
    const section = async () => (await page.goto(`${base}${changePath}`), (await page.getByRole('heading', { name: /^Specific authorisation/ }).textContent().catch(() => '')) ?? '');
    expect(await eventually('the change asks the customer', section, (h) => h === 'Specific authorisation (1 awaited of 1)')).toBeTruthy();
    await page.getByLabel('Decision').selectOption('approved-in-writing');
    await page.getByLabel('Reason (kept in the audit trail)').fill('Signed approval on file.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    expect(await page.getByRole('status').first().textContent()).toBe('The decision was recorded.');
    const row = page.getByRole('region', { name: 'Specific authorisation' }).locator('tbody tr');
    expect(await row.textContent()).toContain('approved-in-writing: Signed approval on file.');
    await expectAccessible(page);

    // Put back, so the journeys after this one owe the standard period again.
    await page.goto(`${base}${customerPath}`);
    await setTerms('30', 'general');
    expect(await page.locator('summary', { hasText: 'Terms history' }).textContent()).toBe('Terms history (2)');
    await eventually('the draft form owes 30 days again', earliestSaid, (text) => text.includes('at least 30 days'));
    await page.context().close();
  });

  it("an administrator registers a customer's webhook endpoint, copies its secret from the one page that shows it, makes a new one and removes the endpoint", async () => {
    const page = await newPage();
    await signIn(page, base, 'admin', 'Alex Admin', '/customers');
    await page.getByLabel('Name starts with').fill(`customer 0 ${run}`);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: `Customer 0 ${run}` }).click();
    expect(await page.getByText('None: this customer is told by email only.').count()).toBe(1);

    await page.getByLabel('Endpoint URL').fill('https://169.254.169.254/latest/meta-data/');
    await page.getByRole('button', { name: 'Register the endpoint' }).click();
    expect(await page.locator('#f-url-problem').textContent()).toContain('internal address (169.254.169.254)');
    expect(await page.getByLabel('Endpoint URL').inputValue()).toBe('https://169.254.169.254/latest/meta-data/');
    await expectAccessible(page);

    const url = `https://grc.customer-0-${run}.example/hooks/forewarn`;
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel('Description').fill('GRC platform');
    await page.getByRole('group', { name: 'Sends' }).getByLabel('Breach notices').uncheck();
    const registered = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Register the endpoint' }).click()]);
    expect(registered[0].headers()['cache-control']).toBe('no-store');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Endpoint registered');
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Back to the customer' }).click();
    const endpoints = page.getByRole('region', { name: 'Webhook endpoints' });
    expect(await endpoints.locator('tbody tr').textContent()).toContain(url);
    expect(await endpoints.locator('tbody tr').textContent()).toContain('subprocessor-changes');
    expect(await page.content()).not.toContain(secret);

    await page.getByLabel('Old secret keeps signing').selectOption('24');
    await page.getByRole('button', { name: 'Make a new secret' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New signing secret');
    expect(await page.getByLabel('Signing secret').inputValue()).not.toBe(secret);
    expect(await page.getByText('The previous secret keeps signing beside it until').count()).toBe(1);
    await page.getByRole('link', { name: 'Back to the customer' }).click();
    expect(await endpoints.locator('tbody tr td').nth(3).textContent()).toContain('stops signing');

    await page.getByRole('button', { name: 'Remove' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Saved.');
    expect(await endpoints.locator('tbody tr td').nth(2).textContent()).toContain('removed');
    await expectAccessible(page);
    await page.context().close();
  });

  it('works at 375 px wide: no page scrolls sideways, tables scroll inside their own region', async () => {
    const context = await product.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await signIn(page, base, 'admin', 'Alex Admin');
    for (const path of ['/', '/subprocessors', '/changes', changePath, '/breaches', '/breaches/new', '/customers', '/audit']) {
      await page.goto(`${base}${path}`);
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect([path, width]).toEqual([path, 375]);
      await expectAccessible(page);
    }
    await context.close();
  });

  it('an auditor sees every page with no write control, and a crafted write through the console is refused with 403', async () => {
    const page = await newPage();
    await signIn(page, base, 'auditor', 'Avery Auditor', '/subprocessors');
    expect(await page.getByRole('link', { name: 'Register a subprocessor' }).count()).toBe(0);
    for (const path of ['/', '/changes', changePath, '/breaches', '/customers', '/templates', '/audit']) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status()).toBe(200);
      // Nothing that changes anything: only the sign-out form posts.
      expect(await page.locator('form[method="post"]:not([action="/sign-out"])').count()).toBe(0);
      await expectAccessible(page);
    }
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0); // the audit trail has entries

    const csrf = await page.locator('form[action="/sign-out"] input[name="_csrf"]').inputValue();
    const crafted = await page.request.post(`${base}/subprocessors`, { form: { _csrf: csrf, name: 'Sneaky', category: 'x', purpose: 'x', dataCategories: 'x', locations: 'GB' }, maxRedirects: 0 });
    expect(crafted.status()).toBe(403);
    expect(await crafted.text()).toContain('you are signed in as auditor, which can read this but not change it');
    const withoutToken = await page.request.post(`${base}${changePath}/cancel`, { form: { reason: 'x' }, maxRedirects: 0 });
    expect(withoutToken.status()).toBe(403);

    // Signing out ends the session at the console, not only in this browser.
    const cookie = (await page.context().cookies(base)).find((c) => c.name === 'forewarn-session')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByRole('status').textContent()).toBe('You have signed out.');
    const replayed = await fetch(`${base}/audit`, { headers: { cookie: `${cookie.name}=${cookie.value}` }, redirect: 'manual' });
    expect([replayed.status, replayed.headers.get('location')]).toEqual([303, '/sign-in?returnTo=%2Faudit']);
    await page.context().close();
  });

  it('an expired session sends the person to sign in and back to the page they were on', async () => {
    const page = await newPage();
    await signIn(page, base, 'compliance', 'Casey Compliance', '/changes');
    await product.advanceClocks(31 * 60_000);
    await page.goto(`${base}${changePath}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByRole('status').textContent()).toContain('Please sign in to continue');
    await page.getByLabel(/^Compliance/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === changePath);
    await page.context().close();
  });

  it('with the local sign-in off there is no way to pick a role', async () => {
    const closed = await product.startConsole({ CONSOLE_DEV_SIGN_IN: 'false' });
    try {
      const url = (await closed.getUrl()).replace('[::1]', '127.0.0.1');
      const page = await newPage();
      await page.goto(`${url}/changes`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.getByLabel(/^Compliance/).count()).toBe(0);
      expect(await page.getByRole('alert').textContent()).toContain('No way to sign in is configured');
      const forced = await page.request.post(`${url}/sign-in/dev`, { form: { role: 'admin' }, headers: { origin: url }, maxRedirects: 0 });
      expect(forced.status()).toBe(404);
      expect(forced.headers()['set-cookie']).toBeUndefined();
      await page.context().close();
    } finally {
      await closed.close();
    }
  });
});
