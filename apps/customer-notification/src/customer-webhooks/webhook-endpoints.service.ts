import { randomBytes } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import type { NoticeTopic } from '../customers/customer.schema';
import { CustomersService } from '../customers/customers.service';
import { NotificationConfig } from '../notification.config';
import { endpointUrlProblem, privateTargetExceptionsOf } from './domain/endpoint-address';
import { DEFAULT_ROTATION_OVERLAP_HOURS, EndpointSecret, rotateSecrets, signingSecrets } from './domain/endpoint-secrets';
import { newWebhookSecret } from './domain/webhook-signature';
import { SecretBox } from './secret-box';
import type { RegisterEndpointDto, RotateSecretDto } from './webhook-endpoint.dto';
import { WebhookEndpoint } from './webhook-endpoint.schema';

/** Endpoints one customer may hold: enough for a GRC tool and a SIEM per kind of notice. */
const MAX_ENDPOINTS_PER_CUSTOMER = 5;

const entry = (action: string, e: Pick<WebhookEndpoint, '_id' | 'customerId' | 'url'>, changes?: Record<string, unknown>) => ({
  action,
  entityType: 'webhook-endpoint',
  entityId: e._id,
  summary: `${e.url} (customer ${e.customerId})`,
  ...(changes ? { changes } : {}),
});

/**
 * Customers' webhook endpoints: registered, rotated and removed by staff on the customer's behalf,
 * each write audited. The signing secret is made here, shown once in the answer that made it, and
 * kept only sealed.
 */
@Injectable()
export class WebhookEndpoints implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    @InjectModel(WebhookEndpoint.name) private readonly endpoints: Model<WebhookEndpoint>,
    private readonly customers: CustomersService,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.box = new SecretBox(config.WEBHOOK_SECRETS_KEY);
  }

  onModuleInit(): void {
    this.store.register(this.endpoints);
  }

  get urlRules() {
    return { httpsOnly: this.config.NODE_ENV === 'production', exceptions: privateTargetExceptionsOf(this.config.WEBHOOK_PRIVATE_TARGETS_ALLOWED) };
  }

  async register(customerId: string, dto: RegisterEndpointDto, actor: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const problem = endpointUrlProblem(dto.url, this.urlRules);
    // 422, not 400: a well-formed URL that may not be an endpoint (a rule of ours, not of its shape).
    if (problem) throw new UnprocessableEntityException(`url: ${problem}`);
    const customer = await this.customers.get(customerId);
    if (customer.status !== 'active') throw new ConflictException(`${customer.name} is not active: an inactive customer is sent no notices`);
    const held = (await this.ofCustomer(customerId)).filter((e) => e.status === 'active');
    if (held.length >= MAX_ENDPOINTS_PER_CUSTOMER) throw new ConflictException(`${customer.name} already has ${MAX_ENDPOINTS_PER_CUSTOMER} endpoints: remove one first`);
    const url = new URL(dto.url).toString();
    if (held.some((e) => e.url === url)) throw new ConflictException(`url: ${url} is already an endpoint of ${customer.name}`);
    const now = this.clock.now();
    const id = `we_${randomBytes(8).toString('hex')}`;
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = {
      _id: id,
      customerId,
      url,
      notices: dto.notices,
      ...(dto.description ? { description: dto.description } : {}),
      secrets: [this.sealed(secret, id, now)],
      status: 'active',
      createdAt: now,
      createdBy: actor,
    };
    await this.store.create(this.endpoints, endpoint, { audit: entry('webhook-endpoint.registered', endpoint, { notices: dto.notices, actor }) });
    return { endpoint, secret };
  }

  /** A new secret; the current ones keep signing beside it for the overlap, so the receiver can switch without losing a delivery. */
  async rotateSecret(customerId: string, endpointId: string, dto: RotateSecretDto, actor: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = newWebhookSecret();
    const overlapHours = dto.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
    const endpoint = await this.change(customerId, endpointId, (e, now) => {
      if (e.status !== 'active') throw new ConflictException(`endpoint ${endpointId} was removed`);
      return {
        set: { secrets: rotateSecrets(e.secrets, this.sealed(secret, e._id, now), now, overlapHours), updatedAt: now },
        audit: entry('webhook-endpoint.secret-rotated', e, { overlapHours, actor }),
      };
    });
    return { endpoint, secret };
  }

  /** Stops deliveries to it (attempts still due are recorded as not made); the record stays for the proofs that name it. */
  async remove(customerId: string, endpointId: string, actor: string): Promise<WebhookEndpoint> {
    return this.change(customerId, endpointId, (e, now) => {
      if (e.status === 'removed') return undefined;
      return { set: { status: 'removed', removedAt: now, removedBy: actor, updatedAt: now }, audit: entry('webhook-endpoint.removed', e, { actor }) };
    });
  }

  /** A customer's endpoints (a filtered read of a small collection). */
  async ofCustomer(customerId: string): Promise<WebhookEndpoint[]> {
    const found = await this.endpoints.find({ customerId }, this.store.withoutStaged(this.endpoints)).lean<WebhookEndpoint[]>();
    return found.sort((x, y) => new Date(x.createdAt).getTime() - new Date(y.createdAt).getTime());
  }

  /** Every active endpoint that receives this kind of notice: one read of the whole small collection per notice. */
  async receiving(topic: NoticeTopic): Promise<WebhookEndpoint[]> {
    const active = await this.endpoints.find({ status: 'active' }, this.store.withoutStaged(this.endpoints)).lean<WebhookEndpoint[]>();
    return active.filter((e) => e.notices.includes(topic));
  }

  async get(endpointId: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findById(endpointId, this.store.withoutStaged(this.endpoints)).lean<WebhookEndpoint>();
  }

  /** The secrets that sign a delivery made now, opened, with their ids. */
  signingKeys(endpoint: WebhookEndpoint, now: Date): { ids: string[]; secrets: string[] } {
    const current = signingSecrets(endpoint.secrets, now);
    return { ids: current.map((s) => s.id), secrets: current.map((s) => this.box.open(s.sealed, endpoint._id)) };
  }

  private sealed(secret: string, endpointId: string, now: Date): EndpointSecret {
    return { id: `ws_${randomBytes(6).toString('hex')}`, sealed: this.box.seal(secret, endpointId), createdAt: now };
  }

  private async change(customerId: string, endpointId: string, decide: (e: WebhookEndpoint, now: Date) => ReturnType<Parameters<AggregateStore['change']>[2]>): Promise<WebhookEndpoint> {
    const result = await this.store.change<WebhookEndpoint>(this.endpoints, endpointId, (e) => {
      if (e.customerId !== customerId) throw new NotFoundException(`customer ${customerId} has no endpoint ${endpointId}`);
      return decide(e, this.clock.now());
    });
    if (!result) throw new NotFoundException(`customer ${customerId} has no endpoint ${endpointId}`);
    return result.aggregate;
  }
}
