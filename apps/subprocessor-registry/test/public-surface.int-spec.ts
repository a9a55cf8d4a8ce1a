import { XMLParser } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { openBrowser } from '../../../test/support/browser';
import { RunningService, TestStack } from '../../../test/support/test-stack';
import { clockOf, DAY, startRegistry } from './registry-harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require('../../../scripts/lib/demo-data.js') as { subprocessors: Record<string, unknown>[] };

type Operation = { parameters?: { in: string; name: string }[]; requestBody?: unknown; security?: unknown[]; responses: Record<string, unknown> };

/**
 * What the public and API clients see: the HTML page in a real browser, the JSON and its past
 * versions, the Atom feed, validation that names fields, and an OpenAPI document that tells the truth.
 */
describe('registry public surface and API contract (real FerretDB + Kafka)', () => {
  const stack = new TestStack();
  let registry: RunningService;
  let compliance: string;
  let admin: string;
  let browser: Browser | undefined;
  let baseUrl: string;
  let changeId: string;
  let effectiveAt: Date;
  let versionBeforeAnnouncement: number;
  const hostile = `Acme <script>window.__pwned = true</script> Hosting ${Date.now()}`;

  const auth = (token: string) => ['Authorization', `Bearer ${token}`] as const;

  beforeAll(async () => {
    [registry, compliance, admin] = await Promise.all([
      startRegistry(stack, { PUBLIC_RATE_LIMIT_PER_MINUTE: '80' }),
      stack.token(['compliance']),
      stack.token(['admin']),
    ]);
    await registry.http().post('/api/v1/subprocessors/import').set(...auth(admin)).send(demo.subprocessors).expect(201);
    versionBeforeAnnouncement = (await registry.http().get('/subprocessors.json').expect(200)).body.version;
    const registered = await registry
      .http()
      .post('/api/v1/subprocessors')
      .set(...auth(compliance))
      .send({
        name: hostile,
        legalEntity: 'Acme Hosting Ltd',
        category: 'Data hosting services',
        purpose: 'Second data centre',
        dataCategories: ['all data customers upload'],
        locations: ['GB', 'IE'],
        corporateLocation: 'IE',
        transferMechanism: 'eu-adequacy',
      })
      .expect(201);
    effectiveAt = new Date((await clockOf(registry)).getTime() + 35 * DAY);
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .set(...auth(compliance))
      .send({ kind: 'addition', subprocessorId: registered.body.id, effectiveAt: effectiveAt.toISOString(), summary: 'A second data centre in Dublin & <Leeds>.' })
      .expect(201);
    changeId = draft.body.id;
    // No DPA yet: the addition cannot be announced.
    const refused = await registry.http().post(`/api/v1/changes/${changeId}/announce`).set(...auth(compliance)).expect(409);
    expect(refused.body.message).toMatch(/no DPA on record/);
    await registry
      .http()
      .patch(`/api/v1/subprocessors/${registered.body.id}`)
      .set(...auth(compliance))
      .send({ dpaReference: 'DPA-ACME-1', dpaSignedAt: '2026-02-01T00:00:00Z' })
      .expect(200);
    await registry.http().post(`/api/v1/changes/${changeId}/announce`).set(...auth(compliance)).expect(200);
    await registry.app.listen(0, '127.0.0.1');
    baseUrl = (await registry.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('shows a visitor the list grouped by category, with countries, mechanisms and the upcoming change', async () => {
    browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const response = await page.goto(`${baseUrl}/subprocessors`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').innerText()).toBe('Our subprocessors');
    expect(await page.locator('h2').allInnerTexts()).toEqual(['Upcoming changes', 'Current subprocessors']);
    expect(await page.locator('h3').allInnerTexts()).toEqual(
      expect.arrayContaining(['Banking Services', 'Data hosting services', 'Domain Name Registration Services', 'Payment Processing', 'Accountancy']),
    );
    const pipeten = page.locator('tr', { has: page.locator('th', { hasText: 'Pipeten' }) });
    await expect(pipeten.innerText()).resolves.toMatch(/Primary hosting[\s\S]*United Kingdom[\s\S]*None needed: the data stays in the UK/);

    const upcoming = page.locator('section[aria-labelledby="upcoming"] tbody tr');
    expect(await upcoming.count()).toBe(1);
    const dateText = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(effectiveAt);
    const row = await upcoming.innerText();
    expect(row).toContain('New subprocessor');
    expect(row).toContain(hostile); // shown as text, not run as markup
    expect(row).toContain('A second data centre in Dublin & <Leeds>.');
    expect(row).toContain(dateText);
    expect(await upcoming.locator('time').getAttribute('datetime')).toBe(effectiveAt.toISOString());
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('text=Last updated').innerText()).toMatch(/Last updated: \d+ \w+ \d{4}/);
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/registry-public-list.png`, fullPage: true });

    // A past version, as it stood before the announcement.
    await page.goto(`${baseUrl}/subprocessors?version=${versionBeforeAnnouncement}`);
    expect(await page.locator('[role=status]').innerText()).toContain(`version ${versionBeforeAnnouncement}`);
    expect(await page.locator('section[aria-labelledby="upcoming"]').innerText()).toContain('No changes are announced');
  });

  it('serves the JSON list now, at a version, at a date and at both, and refuses nonsense', async () => {
    const now = (await registry.http().get('/subprocessors.json').expect(200)).body;
    expect(now.subprocessors).toHaveLength(8);
    expect(now.subprocessors[0]).toMatchObject({ locations: ['GB'], corporateLocation: 'GB', transferMechanism: 'none-needed', dpaSignedAt: expect.any(String) });
    expect(now.upcomingChanges).toEqual([expect.objectContaining({ id: changeId, kind: 'addition', effectiveAt: effectiveAt.toISOString() })]);
    expect(now.version).toBe(versionBeforeAnnouncement + 1);

    const before = (await registry.http().get(`/subprocessors.json?version=${versionBeforeAnnouncement}`).expect(200)).body;
    expect(before).toMatchObject({ version: versionBeforeAnnouncement, upcomingChanges: [], event: { action: 'imported' } });
    const atDate = (await registry.http().get(`/subprocessors.json?at=${encodeURIComponent(before.lastUpdatedAt)}`).expect(200)).body;
    expect(atDate.version).toBe(versionBeforeAnnouncement);

    await registry.http().get('/subprocessors.json?version=999999').expect(404);
    await registry.http().get('/subprocessors.json?at=1900-01-01T00:00:00Z').expect(404);
    const invalid = (await registry.http().get('/subprocessors.json?version=abc').expect(400)).body.message as string[];
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.every((m) => m.startsWith('version'))).toBe(true);
    await registry.http().get('/subprocessors.json?at=yesterday').expect(400);
    // Both: that version as a reader could have had it at that moment, or 404 if it came later.
    const both = (await registry.http().get(`/subprocessors.json?version=${versionBeforeAnnouncement}&at=${encodeURIComponent(before.lastUpdatedAt)}`).expect(200)).body;
    expect(both.version).toBe(versionBeforeAnnouncement);
    await registry.http().get(`/subprocessors.json?version=${now.version}&at=${encodeURIComponent(before.lastUpdatedAt)}`).expect(404);
  });

  it('publishes a valid Atom 1.0 feed with one entry per announcement', async () => {
    const response = await registry.http().get('/subprocessors/feed.atom').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link'].includes(name) }).parse(response.text);
    const feed = parsed.feed;
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toMatch(/^https?:\/\//);
    expect(feed.title).toBeTruthy();
    expect(feed.updated).toMatch(rfc3339);
    expect(feed.author.name).toBeTruthy();
    expect(feed.link).toContainEqual(expect.objectContaining({ '@_rel': 'self', '@_href': expect.stringMatching(/\/subprocessors\/feed\.atom$/) }));
    expect(feed.entry).toHaveLength(1); // the import is not a change notice
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^https?:\/\/.+\?version=\d+$/);
      expect(entry.title).toContain(`Announced: addition of ${hostile}`);
      expect(entry.updated).toMatch(rfc3339);
      expect(entry.content['#text']).toContain('A second data centre in Dublin & <Leeds>.');
    }
    expect(response.text).not.toContain('<script>'); // escaped in the XML
  });

  it('names the field in every 400 and refuses ids of another format without a 5xx', async () => {
    const base = { name: `V ${stack.runId}`, category: 'Hosting', purpose: 'P', dataCategories: ['x'], locations: ['GB'] };
    const refused = async (body: Record<string, unknown>) =>
      ((await registry.http().post('/api/v1/subprocessors').set(...auth(compliance)).send(body).expect(400)).body.message as string[]).join(' | ');
    expect(await refused({ ...base, locations: ['UK'] })).toMatch(/locations must be an ISO 3166-1 alpha-2/);
    expect(await refused({ ...base, corporateLocation: 'XX' })).toMatch(/corporateLocation must be an ISO 3166-1 alpha-2/);
    expect(await refused({ ...base, transferMechanism: 'eu-sccs' })).toMatch(/^sccModule: required/);
    expect(await refused({ ...base, transferMechanism: 'handshake' })).toMatch(/transferMechanism must be one of/);
    expect(await refused({ ...base, website: '' })).toMatch(/website must be an http\(s\) URL/);
    expect(await refused({ ...base, dpaSignedAt: '' })).toMatch(/dpaSignedAt must be an ISO 8601/);
    expect(await refused({ ...base, legalEntity: '' })).toMatch(/legalEntity must not be empty/);
    await registry
      .http()
      .post('/api/v1/subprocessors')
      .set(...auth(compliance))
      .send({ ...base, transferMechanism: 'eu-sccs', sccModule: 'module-3', locations: ['GB', 'DE'] })
      .expect(201);

    for (const path of ['/api/v1/changes/not-an-id', '/api/v1/subprocessors/12charsxxxxx', '/api/v1/changes/6b0000000000000000000000x']) {
      const response = await registry.http().get(path).set(...auth(compliance));
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
    await registry.http().get('/api/v1/changes/6b0000000000000000000000').set(...auth(compliance)).expect(404);

    const pipeten = (await registry.http().get('/api/v1/subprocessors?status=active').set(...auth(compliance)).expect(200)).body.find(
      (s: { name: string }) => s.name === 'Pipeten',
    );
    const material = await registry.http().patch(`/api/v1/subprocessors/${pipeten.id}`).set(...auth(compliance)).send({ locations: ['US'] }).expect(409);
    expect(material.body.message).toMatch(/^locations: .*update change notice/);
  });

  it('documents every status code each operation answers, and the server keeps to it', async () => {
    const document = (await registry.http().get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    const staffOperations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.security?.length)
        .map(([method, op]) => ({ path, method, op })),
    );
    expect(staffOperations.length).toBeGreaterThanOrEqual(10);
    const missing: string[] = [];
    for (const { path, method, op } of staffOperations) {
      const codes = Object.keys(op.responses);
      const need = ['401', '403'];
      if (op.parameters?.some((p) => p.in === 'path')) need.push('400', '404');
      if (op.requestBody || op.parameters?.some((p) => p.in === 'query')) need.push('400');
      if (!codes.some((c) => c.startsWith('2'))) missing.push(`${method} ${path}: no 2xx`);
      for (const code of need) if (!codes.includes(code)) missing.push(`${method} ${path}: ${code}`);
      // Every answer says what its body looks like, errors included.
      for (const [code, response] of Object.entries(op.responses) as [string, { content?: unknown }][]) {
        if (!response.content) missing.push(`${method} ${path}: ${code} has no schema`);
      }
    }
    expect(missing).toEqual([]);
    const schemaOf = (name: string) => (document as unknown as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } }).components.schemas[name];
    expect(schemaOf('CreateSubprocessorDto').properties.corporateLocation).toMatchObject({ pattern: '^[A-Z]{2}$', enum: expect.arrayContaining(['GB', 'IE']) });
    expect(schemaOf('CreateSubprocessorDto').properties.website).toMatchObject({ format: 'uri' });
    expect(schemaOf('CreateSubprocessorDto').properties.dpaSignedAt).toMatchObject({ format: 'date-time' });
    expect(schemaOf('CreateSubprocessorDto').properties.transferMechanism).toMatchObject({ enum: expect.arrayContaining(['eu-sccs', 'uk-idta']) });
    expect(schemaOf('CreateChangeNoticeDto').properties.effectiveAt).toMatchObject({ format: 'date-time' });
    expect(schemaOf('NoticePeriodErrorView').properties.earliestEffectiveAt).toMatchObject({ format: 'date-time' });
    expect(schemaOf('ChangeNoticeView').properties.status).toMatchObject({ enum: ['draft', 'announced', 'effective', 'cancelled'] });

    // Probe each staff operation with a malformed id, an unknown id and an empty body: every answer is documented, none is a 5xx.
    const undocumented: string[] = [];
    for (const { path, method, op } of staffOperations) {
      for (const id of ['not-an-id', '6b0000000000000000000000']) {
        const url = path.replace(/\{[^}]+\}/g, id);
        const response = await (registry.http() as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url).set(...auth(admin)).send({});
        if (response.status >= 500 || !(String(response.status) in op.responses)) undocumented.push(`${method} ${url} → ${response.status}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  // Last: it spends this address's allowance.
  it('rate-limits the public list per client address with a documented 429', async () => {
    let status = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < 100 && status !== 429; i++) {
      const response = await registry.http().get('/subprocessors.json');
      status = response.status;
      retryAfter = response.headers['retry-after'];
    }
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Staff routes are not limited by it.
    await registry.http().get('/api/v1/changes').set(...auth(compliance)).expect(200);
    const document = (await registry.http().get('/openapi.json').expect(200)).body;
    expect(Object.keys(document.paths['/subprocessors.json'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '429']));
  });
});
