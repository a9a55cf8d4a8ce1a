import type { ChangeKind, ForewarnEvent, SubprocessorChangeAnnounced } from '@forewarn/contracts';
import type { NoticeToSend } from '../deliveries/deliveries.service';
import { subprocessorChangeAnnounced } from '../templates/subprocessor-change-announced.template';

const KIND_LABELS: Record<ChangeKind, string> = {
  addition: 'New subprocessor',
  replacement: 'Replacement subprocessor',
  removal: 'Removal of subprocessor',
  update: 'Change to subprocessor',
};

/** The emails an announced change calls for: the announcement template, filled from the event. */
export function announcementNotice(event: ForewarnEvent<SubprocessorChangeAnnounced>): NoticeToSend {
  return {
    sourceType: 'subprocessor-change',
    sourceId: event.data.changeId,
    sourceEventId: event.id,
    template: subprocessorChangeAnnounced.name,
    data: { ...event.data, kindLabel: KIND_LABELS[event.data.kind] },
  };
}
