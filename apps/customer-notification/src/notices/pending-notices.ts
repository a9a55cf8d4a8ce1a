import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DirectoryEvents } from '../customers/directory-events';
import type { Recipient } from '../customers/recipient';
import { DeliveriesService } from '../deliveries/deliveries.service';
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
 * The directory calls this after its write and fails the request if it fails; a crash between the
 * two is the one way to miss it (documented in ARCHITECTURE).
 */
@Injectable()
export class PendingNotices implements OnModuleInit {
  private readonly logger = new Logger(PendingNotices.name);

  constructor(
    private readonly directory: DirectoryEvents,
    private readonly states: ChangeNoticeStates,
    private readonly deliveries: DeliveriesService,
    private readonly links: ChangeLinks,
  ) {}

  onModuleInit(): void {
    this.directory.onContactsAdded((recipients) => this.sendPending(recipients));
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
}
