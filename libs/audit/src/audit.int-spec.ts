import { Body, Controller, DynamicModule, HttpCode, Module, Post } from '@nestjs/common';
import { getModelToken, InjectModel, MongooseModule } from '@nestjs/mongoose';
import { IsString } from 'class-validator';
import { Model, Schema } from 'mongoose';
import { Roles } from '@forewarn/auth';
import { MessagingModule } from '@forewarn/messaging';
import { PlatformModule, ServiceConfig } from '@forewarn/platform';
import { eventually, RunningService, TestStack } from '../../../test/support/test-stack';
import { AUDIT_ENTRY_MODEL, HasAuditTrail, StoredAuditEntry, withAuditTrail } from './audit-entry.schema';
import { AuditModule } from './audit.module';
import { AuditTrail } from './audit-trail';

const ITEM = 'AuditProbeItem';
type Item = HasAuditTrail & { _id: string; name: string };

class CreateItemDto {
  @IsString() id!: string;
  @IsString() name!: string;
}

/** A service's write path: state and its audit entry in one insert, then the flush. */
@Controller('probe/items')
class ItemsController {
  constructor(
    @InjectModel(ITEM) private readonly items: Model<Item>,
    private readonly audit: AuditTrail,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('compliance')
  async create(@Body() dto: CreateItemDto): Promise<{ id: string }> {
    const entry = this.audit.stage({ action: 'item.created', entityType: 'item', entityId: dto.id, changes: { name: dto.name } });
    await this.items.create({ _id: dto.id, name: dto.name, auditPending: [entry] });
    this.audit.flushSoon(this.items, dto.id);
    return { id: dto.id };
  }
}

@Module({})
class ProbeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        PlatformModule.forService({ serviceName: 'audit-probe', config, databaseName: 'audit_probe' }),
        MessagingModule.forService({ serviceName: 'audit-probe', config, topics: [] }),
        AuditModule.forService(),
        MongooseModule.forFeature([{ name: ITEM, schema: withAuditTrail(new Schema({ _id: String, name: String })) }]),
      ],
      controllers: [ItemsController],
    };
  }
}

/** The audit trail against the real FerretDB, through a tiny service that uses it. */
describe('audit trail (real FerretDB)', () => {
  const stack = new TestStack();
  let probe: RunningService;
  let trail: AuditTrail;
  let items: Model<Item>;
  let entries: Model<StoredAuditEntry>;

  beforeAll(async () => {
    probe = await stack.start('audit-probe', ServiceConfig, (c) => ProbeModule.register(c), { title: 'probe', description: 'probe' }, {
      AUDIT_SWEEP_INTERVAL_MS: '200',
    });
    trail = probe.app.get(AuditTrail);
    items = probe.app.get(getModelToken(ITEM));
    entries = probe.app.get(getModelToken(AUDIT_ENTRY_MODEL));
    trail.track(items);
  });

  afterAll(() => stack.stop());

  it('records a write made over HTTP with its actor and correlation id, and empties the pending list', async () => {
    const token = await stack.token(['compliance'], 'alice');
    await probe.http().post('/probe/items').set('authorization', `Bearer ${token}`).set('x-correlation-id', 'corr-audit-1').send({ id: 'item-http', name: 'Kettle' }).expect(201);

    const landed = await eventually('the audit entry of the HTTP write', () => entries.find({ entityId: 'item-http' }).lean(), (found) => found.length > 0);
    expect(landed).toEqual([
      expect.objectContaining({ action: 'item.created', entityType: 'item', actor: 'user:alice', correlationId: 'corr-audit-1', service: 'audit-probe', changes: { name: 'Kettle' } }),
    ]);
    const item = await eventually("the item's audit outbox to empty", () => items.findById('item-http').lean(), (doc) => doc!.auditPending.length === 0);
    expect(item!.auditPending).toEqual([]);
  });

  it('lands a staged entry once, even when it is flushed twice at the same time and again later', async () => {
    const entry = trail.stage({ action: 'item.created', entityType: 'item', entityId: 'item-twice' });
    await items.create({ _id: 'item-twice', name: 'Toaster', auditPending: [entry] });

    await Promise.all([trail.flush(items, 'item-twice'), trail.flush(items, 'item-twice')]);
    await trail.flush(items, 'item-twice');

    expect(await entries.countDocuments({ entityId: 'item-twice' })).toBe(1);
    expect((await items.findById('item-twice').lean())!.auditPending).toEqual([]);
    // Outside a request, the service itself is the actor.
    expect(await entries.findById(entry.id).lean()).toEqual(expect.objectContaining({ actor: 'system:audit-probe' }));
  });

  it('moves entries pushed by later updates of the same document', async () => {
    await items.create({ _id: 'item-updated', name: 'Kettle' });
    for (const name of ['Teapot', 'Samovar']) {
      const entry = trail.stage({ action: 'item.renamed', entityType: 'item', entityId: 'item-updated', changes: { name: { to: name } } });
      await items.updateOne({ _id: 'item-updated' }, { $set: { name }, $push: { auditPending: entry } });
    }
    await trail.flush(items, 'item-updated');

    const landed = await entries.find({ entityId: 'item-updated' }).lean();
    expect(landed.map((e) => e.changes)).toHaveLength(2);
    expect(landed.map((e) => e.changes)).toEqual(expect.arrayContaining([{ name: { to: 'Teapot' } }, { name: { to: 'Samovar' } }]));
    expect((await items.findById('item-updated').lean())!.auditPending).toEqual([]);
  });

  it('sweeps an entry that a crash left on its document into the trail', async () => {
    const entry = trail.stage({ action: 'item.renamed', entityType: 'item', entityId: 'item-crash' });
    await items.create({ _id: 'item-crash', name: 'Kettle', auditPending: [entry] }); // and no flush: the process died

    // No flush of this process failed, so only the backstop sweep (every 30 intervals: 6 s here) finds it.
    const swept = await eventually('the swept crash leftover', () => entries.findById(entry.id).lean(), (found) => found !== null, 20_000);
    expect(swept).toEqual(expect.objectContaining({ action: 'item.renamed', entityId: 'item-crash' }));
    const item = await eventually("the crashed item's audit outbox to empty", () => items.findById('item-crash').lean(), (doc) => doc!.auditPending.length === 0);
    expect(item!.auditPending).toEqual([]);
  });

  it('records writes without an aggregate, one at a time and in bulk', async () => {
    await trail.record({ action: 'customer.deleted', entityType: 'customer', entityId: 'cust-1', summary: 'Removed at their request' });
    await trail.recordMany(Array.from({ length: 2500 }, (_, i) => ({ action: 'customer.imported', entityType: 'customer-import', entityId: `row-${i}` })));

    expect(await entries.countDocuments({ entityId: 'cust-1' })).toBe(1);
    expect(await entries.countDocuments({ entityType: 'customer-import' })).toBe(2500);
  });

  describe('GET /api/v1/audit', () => {
    it('answers 401 without a token and 403 to staff who are neither auditor nor admin', async () => {
      await probe.http().get('/api/v1/audit').expect(401);
      for (const role of ['compliance', 'responder']) {
        await probe.http().get('/api/v1/audit').set('authorization', `Bearer ${await stack.token([role])}`).expect(403);
      }
    });

    it('lets auditors and admins read the trail, filtered, newest first', async () => {
      for (const role of ['auditor', 'admin']) {
        const token = await stack.token([role]);
        const { body } = await probe.http().get('/api/v1/audit?entityType=item&limit=2').set('authorization', `Bearer ${token}`).expect(200);
        expect(body).toHaveLength(2);
        expect(body.every((e: { entityType: string }) => e.entityType === 'item')).toBe(true);
        expect(Date.parse(body[0].at)).toBeGreaterThanOrEqual(Date.parse(body[1].at));
      }
      const auditor = await stack.token(['auditor']);
      const { body } = await probe.http().get('/api/v1/audit?actor=user:alice').set('authorization', `Bearer ${auditor}`).expect(200);
      expect(body).toEqual([expect.objectContaining({ entityId: 'item-http', actor: 'user:alice', id: expect.any(String), at: expect.any(String) })]);
      const { body: none } = await probe.http().get('/api/v1/audit?entityId=item-http&to=2000-01-01T00:00:00Z').set('authorization', `Bearer ${auditor}`).expect(200);
      expect(none).toEqual([]);
    });

    it('refuses bad query parameters with a 400 that names them', async () => {
      const token = await stack.token(['auditor']);
      const bad = await probe.http().get('/api/v1/audit?from=yesterday&limit=0').set('authorization', `Bearer ${token}`).expect(400);
      expect(bad.body.message.join(' ')).toMatch(/from/);
      expect(bad.body.message.join(' ')).toMatch(/limit/);
    });

    it('documents every status code it answers', async () => {
      const { body } = await probe.http().get('/openapi.json').expect(200);
      expect(Object.keys(body.paths['/api/v1/audit'].get.responses).sort()).toEqual(['200', '400', '401', '403']);
    });
  });
});
