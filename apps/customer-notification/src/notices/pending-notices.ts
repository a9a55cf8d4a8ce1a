import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { CustomersService } from '../customers/customers.service';
import { DirectoryEvents } from '../customers/directory-events';
import type { Recipient } from '../customers/recipient';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { NotificationConfig } from '../notification.config';
import { TemplateNames } from '../templates/template-names';
import { ChangeLinks } from './change-links';
import { ChangeNoticeStates } from './change-notice-states';
import { pendingAnnouncement } from './subprocessor-change-notice';

const fromArray = async function* (recipients: Recipient[]): AsyncGenerator<Recipient> {
  yield* recipients;
};

/**
 * A contact who joins the directory while a change is announced but not yet in effect gets its
 * notice too (spec: "A new customer added while a change is pending receives that pending notice").
 * The directory calls `sendPending` right after its write. If that fails (the write stands, the
 * request answers 5xx, and a retry finds the contact already there), the reconcile pass catches
 * up: at start and every PENDING_NOTICE_RECONCILE_INTERVAL_MS it offers each pending
 * announcement to every current contact again; the deliveries' deterministic ids make that one
 * insert attempt per contact, and only a contact with no delivery yet gets an email.
 */
@Injectable()
export class PendingNotices implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingNotices.name);
  private reconcileTimer?: NodeJS.Timeout;
  private reconciling?: Promise<unknown>;

  constructor(
    private readonly directory: DirectoryEvents,
    private readonly states: ChangeNoticeStates,
    private readonly deliveries: DeliveriesService,
    private readonly customers: CustomersService,
    private readonly links: ChangeLinks,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {}

  onModuleInit(): void {
    this.directory.onContactsAdded((recipients) => this.sendPending(recipients));
  }

  onApplicationBootstrap(): void {
    const pass = () => {
      this.reconciling ??= this.reconcile()
        .catch((e: unknown) => this.logger.warn(`reconcile pass failed, next one in ${this.config.PENDING_NOTICE_RECONCILE_INTERVAL_MS} ms: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.reconciling = undefined));
    };
    pass();
    this.reconcileTimer = setInterval(pass, this.config.PENDING_NOTICE_RECONCILE_INTERVAL_MS);
    this.reconcileTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reconcileTimer);
    await this.reconciling;
  }

  async sendPending(recipients: Recipient[]): Promise<void> {
    const told = recipients.filter((r) => !r.receives || r.receives.includes('subprocessor-changes'));
    if (told.length === 0) return;
    for (const state of await this.states.pending()) {
      if (!state.announcedEventId) continue; // known only from later events: nothing to resend
      const queued = await this.deliveries.fanOut(pendingAnnouncement(state, state.announcedEventId, TemplateNames.changeAnnounced, this.links.signer(state)), fromArray(told));
      if (queued > 0) this.logger.log(`change ${state.changeId}: notice queued for ${queued} contact(s) added while it is pending`);
    }
  }

  /** Every current contact who should have a pending announcement and has none is sent it; returns how many. */
  async reconcile(): Promise<number> {
    let queued = 0;
    for (const state of await this.states.pending()) {
      if (!state.announcedEventId) continue;
      const notice = pendingAnnouncement(state, state.announcedEventId, TemplateNames.changeAnnounced, this.links.signer(state));
      const found = await this.deliveries.fanOut(notice, this.customers.recipientsOf('subprocessor-changes'), { onlyNew: true });
      if (found > 0) this.logger.warn(`change ${state.changeId}: ${found} contact(s) had missed the pending notice; queued now`);
      queued += found;
    }
    return queued;
  }
}
