import { NOTICE_TOPICS, NoticeTopic } from '../customer.schema';

export interface DirectoryWarning {
  code: 'no-contact-for-kind';
  kind: NoticeTopic;
  message: string;
}

const KIND_WORDS: Record<NoticeTopic, string> = {
  'subprocessor-changes': 'subprocessor change notices',
  breaches: 'breach notices',
};

/**
 * What is wrong with a customer's entry: an active customer must have an active contact for every
 * kind of notice, or the company cannot keep its promise to tell it. Inactive customers get none.
 */
export function directoryWarnings(customer: {
  status: 'active' | 'inactive';
  contacts: { active: boolean; receives: NoticeTopic[] }[];
}): DirectoryWarning[] {
  if (customer.status !== 'active') return [];
  return NOTICE_TOPICS.filter((kind) => !customer.contacts.some((c) => c.active && c.receives.includes(kind))).map((kind) => ({
    code: 'no-contact-for-kind',
    kind,
    message: `no active contact receives ${KIND_WORDS[kind]}`,
  }));
}
