/** Example data for previews and tests: what the events carry, plus whom the email is for. */
const recipient = {
  contact: { name: 'Dana Whitfield', email: 'dpo@northwind.example' },
  customer: { name: 'Northwind Traders Ltd' },
};

const change = {
  changeId: '6650f1a2b3c4d5e6f7a8b9c0',
  kind: 'replacement',
  subprocessor: {
    id: '6650f1a2b3c4d5e6f7a8b9c1',
    name: 'UKFast',
    category: 'Data hosting services',
    purpose: 'Hosting of the services and their data, and off-site backups',
    dataCategories: ['customer account data', 'contact details', 'all data customers upload to the services'],
    locations: ['GB'],
    legalEntity: 'UKFast.Net Limited',
    website: 'https://www.ukfast.co.uk',
  },
  replacesSubprocessor: {
    id: '6650f1a2b3c4d5e6f7a8b9c2',
    name: 'Vidahost',
    category: 'Data hosting services',
    purpose: 'Web and email hosting',
    dataCategories: ['customer account data', 'contact details'],
    locations: ['GB'],
    legalEntity: 'Vidahost Ltd',
  },
  summary: 'We are moving web and email hosting from Vidahost to UKFast, who already host our backups, to run all hosting from ISO 27001 certified UK data centres.',
  announcedAt: '2027-01-28T10:15:00.000Z',
  effectiveAt: '2027-03-01T09:00:00.000Z',
};
const links = { links: { notice: 'https://notify.forewarn.example/n/WyJjdXN0b21lciIsImNvbnRhY3QiLCJjaGFuZ2UiLDE4MDAwMDAwMDBd.x2Jd0Jd8Qm3vH1F0q6Yx7A' } };

const subscriber = { contact: { name: '', email: 'reader@example.org' }, customer: { name: 'Public subscribers' } };
const unsubscribe = { links: { unsubscribe: 'https://notify.forewarn.example/subscriptions/unsubscribe/WyJzdWJzY3JpYmVyIl0.x2Jd0Jd8Qm3vH1F0q6Yx7A' } };

export const samples = {
  changeForSubscribers: { ...change, noticePeriodDays: 30, kindLabel: 'Replacement subprocessor', ...subscriber, ...unsubscribe },
  subscriptionConfirmation: { requestedAt: '2027-01-20T09:30:00.000Z', ...subscriber, links: { notice: 'https://notify.forewarn.example/subscriptions/confirm/WyJzdWJzY3JpYmVyIl0.Qm3vH1F0q6Yx7Ax2Jd0Jd8' } },
  changeAnnounced: { ...change, noticePeriodDays: 30, ...recipient, ...links },
  changeReminder: { ...change, daysBefore: 7, ...recipient, ...links },
  changeRescheduled: {
    ...change,
    effectiveAt: '2027-04-01T08:00:00.000Z',
    previousEffectiveAt: change.effectiveAt,
    rescheduledAt: '2027-02-10T14:30:00.000Z',
    reason: 'UKFast asked for more time to complete the migration tests.',
    ...recipient,
    ...links,
  },
  changeCancelled: {
    ...change,
    cancelledAt: '2027-02-12T11:00:00.000Z',
    reason: 'After review we will keep web and email hosting with Vidahost.',
    ...recipient,
    ...links,
  },
  changeEffective: { ...change, appliedAt: '2027-03-01T09:00:04.000Z', ...recipient, ...links },
  breachNotice: {
    breachId: '6650f1a2b3c4d5e6f7a8b9d0',
    reference: 'BR-2027-0007',
    title: 'Backup file exposed by a misconfigured storage bucket',
    description: 'A backup file of the customer database was readable from the internet for about six hours\nafter a storage permission was changed by mistake. The permission has been corrected.',
    nature: ['accessed', 'disclosed', 'confidentiality'],
    dataCategories: ['names', 'email addresses', 'postal addresses'],
    specialCategoryData: false,
    dataSubjectCategories: ["the customer's own clients"],
    approxDataSubjects: 1200,
    approxRecords: 3400,
    likelyConsequences: 'Low: we found one download from an address belonging to a security researcher, who has confirmed deleting it.',
    measures: 'Permission corrected, access keys rotated, and storage permissions now checked automatically every hour.',
    awareAt: '2027-02-03T07:40:00.000Z',
    occurredAt: '2027-02-03T01:10:00.000Z',
    occurredUntil: '2027-02-03T07:35:00.000Z',
    affectedCustomerIds: ['3f1c2a4e-8d7b-4c55-9a51-0d4f1e2b7c6a'],
    contactPoint: 'Jane Doe, Data Protection Officer, dpo@infotek.example, +44 20 7946 0000',
    requestedAt: '2027-02-03T12:00:00.000Z',
    riskLevel: 'risk',
    phase: 'initial',
    ...recipient,
  },
  breachDeadlineEscalation: {
    breachId: '6650f1a2b3c4d5e6f7a8b9d0',
    reference: 'BR-2027-0007',
    title: 'Backup file exposed by a misconfigured storage bucket',
    deadline: 'authority-report',
    dueAt: '2027-02-06T07:40:00.000Z',
    remindedAt: '2027-02-05T19:40:00.000Z',
    hoursBefore: 12,
    status: 'contained',
    responder: { email: 'incident-response@infotek.example' },
  },
};

export const breachUpdateSample = {
  ...samples.breachNotice,
  phase: 'follow-up',
  requestedAt: '2027-02-05T16:00:00.000Z',
  message: 'Our investigation is complete: the one download was the security researcher\'s, and no other access took place.',
};
