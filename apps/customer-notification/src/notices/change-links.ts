import { Injectable } from '@nestjs/common';
import { NoticeLinks } from '../customer-links/notice-links';
import type { ChangeNotice } from './change-notice-states';
import type { LinkSigner } from './subprocessor-change-notice';

/** Signs the per-contact links of a change's emails; they expire a while after the change takes effect. */
@Injectable()
export class ChangeLinks {
  constructor(private readonly links: NoticeLinks) {}

  signer(state: ChangeNotice): LinkSigner {
    const expiresAt = this.links.expiresAtFor(state.effectiveAt);
    return (r, changeId) => this.links.urlFor({ customerId: r.customerId, contactId: r.contactId, changeId, expiresAt });
  }
}
