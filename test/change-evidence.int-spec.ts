import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '@forewarn/evidence/testing/read-zip';
import { runVerifier } from '@forewarn/evidence/testing/run-verifier';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { binaryBody } from './support/binary-body';
import { emailsTo, eventually, RunningService, TestStack } from './support/test-stack';

const DAY = 24 * 3600 * 1000;

/**
 * A change's evidence bundle through the real stack: the registry streams the proof of notice
 * from the notification service (over HTTP, with the caller's token) into a signed zip that the
 * verifier accepts against the registry's published key.
 */
describe('change evidence bundle (registry + notification over HTTP, real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  let registry: RunningService;
  let notification: RunningService;
  let compliance: string;
  let auditor: string;
  let responder: string;
  const told = [`dpo.${stack.runId}@initech.example`, `cto.${stack.runId}@initech.example`];

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
    await notification.app.listen(0, '127.0.0.1');
    const port = (notification.app.getHttpServer().address() as AddressInfo).port;
    registry = await stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription, {
      NOTIFICATION_SERVICE_URL: `http://127.0.0.1:${port}`,
    });
    const admin = await stack.token(['admin']);
    [compliance, auditor, responder] = await Promise.all([stack.token(['compliance']), stack.token(['auditor']), stack.token(['responder'])]);
    await notification
      .http()
      .post('/api/v1/customers')
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Initech', contacts: told.map((email, i) => ({ name: `Contact ${i}`, email })) })
      .expect(201);
  });

  afterAll(() => stack.stop());

  it('bundles the change with its proof of notice from the notification service, signed, and verifies offline', async () => {
    const subprocessor = await registry
      .http()
      .post('/api/v1/subprocessors')
      .auth(compliance, { type: 'bearer' })
      .send({ name: `Ledger Cloud ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosts ledgers', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    const clock = await registry.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200);
    const effectiveAt = new Date(new Date(clock.body.now).getTime() + 31 * DAY).toISOString();
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId: subprocessor.body.id, effectiveAt, summary: 'We add a ledger host in the UK.' })
      .expect(201);
    const changeId = draft.body.id as string;
    const bundleOf = (token: string) => registry.http().get(`/api/v1/changes/${changeId}/evidence-bundle`).auth(token, { type: 'bearer' }).buffer(true).parse(binaryBody);
    expect((await bundleOf(auditor).expect(409)).body.toString()).toContain('draft');

    await registry.http().post(`/api/v1/changes/${changeId}/announce`).auth(compliance, { type: 'bearer' }).expect(200);
    await eventually('both contacts emailed', () => emailsTo(told), (e) => e.length === 2);
    await eventually(
      'both rows of the proof sent',
      async () => (await notification.http().get(`/api/v1/proof-of-notice/${changeId}`).auth(auditor, { type: 'bearer' }).expect(200)).body.contacts as { status: string }[],
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
    );

    await bundleOf(responder).expect(403);
    const download = await bundleOf(auditor).expect(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const zip = download.body as Buffer;
    const dir = mkdtempSync(join(tmpdir(), 'change-bundle-'));
    writeFileSync(join(dir, 'bundle.zip'), zip);
    const key = (await registry.http().get('/.well-known/forewarn-evidence-key').expect(200)).body as { publicKeyPem: string };
    writeFileSync(join(dir, 'key.pem'), key.publicKeyPem);
    const verified = await runVerifier(join(dir, 'bundle.zip'), '--key', join(dir, 'key.pem'));
    expect(verified.out).toContain(`VERIFIED: change ${changeId}, 9 files`);
    expect(verified.code).toBe(0);

    const files = await readZip(zip);
    const csv = files['proof-of-notice.csv'].toString();
    for (const email of told) expect(csv).toContain(email);
    const proof = (JSON.parse(files['proof-of-notice.json'].toString()) as { contacts: { email: string; late: boolean; templateVersion: number }[] }).contacts;
    expect(proof.map((r) => r.email).sort()).toEqual([...told].sort());
    expect(proof.every((r) => r.late === false && typeof r.templateVersion === 'number')).toBe(true);
    expect(JSON.parse(files['notice-as-announced.json'].toString())).toMatchObject({
      kind: 'addition',
      summary: 'We add a ledger host in the UK.',
      effectiveAtAsAnnounced: effectiveAt,
      publicListEntry: expect.objectContaining({ id: changeId }),
    });
    const after = JSON.parse(files['list-version-after.json'].toString());
    expect(after.upcomingChanges.map((u: { id: string }) => u.id)).toContain(changeId);
    const before = JSON.parse(files['list-version-before.json'].toString());
    expect((before?.upcomingChanges ?? []).map((u: { id: string }) => u.id)).not.toContain(changeId);
    const audit = JSON.parse(files['audit-entries.json'].toString()) as { action: string }[];
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['change.drafted', 'change.announced', 'change.evidence-bundle-generated']));
    const templates = JSON.parse(files['email-templates.json'].toString()) as { name: string; version: number }[];
    expect(templates.map((t) => t.name)).toContain('subprocessor-change-announced');
  });
});
