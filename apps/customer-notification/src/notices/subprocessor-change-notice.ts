import type { ChangeKind, ForewarnEvent, SubprocessorChangeAnnounced } from '@forewarn/contracts';
import type { Recipient } from '../customers/recipient';
import type { NoticeToSend } from '../deliveries/deliveries.service';
import { subscribersSourceIdOf } from '../deliveries/delivery.schema';
import { TemplateName, TemplateNames } from '../templates/template-names';
import type { ChangeNotice } from './change-notice-states';

const KIND_LABELS: Record<ChangeKind, string> = {
  addition: 'New subprocessor',
  replacement: 'Replacement subprocessor',
  removal: 'Removal of subprocessor',
  update: 'Change to subprocessor',
};

/** Signs the link to the notice page for one contact. */
export type LinkSigner = (recipient: Recipient, changeId: string) => string;

/**
 * The emails a change event calls for: its template, and the event's data with what every change
 * email shows (the notice period, the kind in words) and a signed link per contact.
 */
export function changeNotice(
  event: ForewarnEvent<{ changeId: string; kind: ChangeKind }>,
  template: TemplateName,
  state: ChangeNotice,
  link: LinkSigner,
): NoticeToSend {
  return {
    sourceType: 'subprocessor-change',
    sourceId: event.data.changeId,
    sourceEventId: event.id,
    template,
    data: { ...event.data, noticePeriodDays: state.announcement.noticePeriodDays, kindLabel: KIND_LABELS[event.data.kind] },
    linkFor: (r) => link(r, event.data.changeId),
    ...asksAuthorisation(template, event.data),
  };
}

/**
 * Which recipients' emails ask for their customer's approval: the announcement asks every customer
 * under specific authorisation, a reminder those the registry still awaits.
 */
function asksAuthorisation(template: TemplateName, data: object): Pick<NoticeToSend, 'asksAuthorisation'> {
  const pending = (data as { pendingAuthorisationCustomerIds?: string[] }).pendingAuthorisationCustomerIds;
  if (template === TemplateNames.changeAnnounced) return { asksAuthorisation: (r) => r.authorisation === 'specific' };
  if (template !== TemplateNames.changeReminder || !pending?.length) return {};
  const awaited = new Set(pending);
  return { asksAuthorisation: (r) => r.authorisation === 'specific' && awaited.has(r.customerId) };
}

/**
 * The same event for public subscribers, as an event of its own (`<event>/public`): its own
 * notice, rendered with the subscribers' template (no customer named, nothing to object to), its
 * own proof pages and its own progress (source `<changeId>/public`), so the customers' proof of
 * notice and progress never count a subscriber. Each email carries its unsubscribe link.
 * Reminders are the customers' alone.
 */
export function publicChangeNotice(notice: NoticeToSend, unsubscribeFor: (r: Recipient) => string): NoticeToSend | undefined {
  if (notice.template === TemplateNames.changeReminder) return undefined;
  return {
    sourceType: notice.sourceType,
    sourceId: subscribersSourceIdOf(notice.sourceId),
    sourceEventId: `${notice.sourceEventId}/public`,
    template: TemplateNames.changeForSubscribers,
    data: notice.data,
    unsubscribeFor,
  };
}

/**
 * The announcement for contacts who joined while the change is pending: keyed by the announced
 * event, so a contact who already had it (or gets it twice) is emailed once, but rendered from the
 * change as it stands now (a rescheduled date included), stored as its own notice.
 */
export function pendingAnnouncement(state: ChangeNotice, announcedEventId: string, template: TemplateName, link: LinkSigner): NoticeToSend {
  const data: SubprocessorChangeAnnounced = state.announcement;
  return {
    sourceType: 'subprocessor-change',
    sourceId: state.changeId,
    sourceEventId: announcedEventId,
    noticeId: `${announcedEventId}@${data.effectiveAt}`,
    template,
    data: { ...data, kindLabel: KIND_LABELS[data.kind] },
    linkFor: (r) => link(r, state.changeId),
    ...asksAuthorisation(template, data),
  };
}
