import type { Breach } from '../breaches/breach.schema';
import type { BreachState } from '../breaches/breaches.service';
import { dataSubjectDutyOf, describeDataSubjectDuty } from '../breaches/domain/data-subject-duty';

/** What an unknown answer reads as, so a printed report never leaves a silent blank. */
export const UNKNOWN = 'Not yet known';

export interface ReportField {
  label: string;
  /** Text ready to paste into the ICO's form; `UNKNOWN` when the breach does not say yet. */
  value: string;
  known: boolean;
  /** The Art. 33(3) point this answers, if any. */
  article?: string;
}

export interface ReportSection {
  id: string;
  title: string;
  fields: ReportField[];
}

export interface AuthorityReport {
  reference: string;
  title: string;
  generatedAt: string;
  reportType: 'initial' | 'follow-up';
  sections: ReportSection[];
}

export interface ReportContext {
  organisationName: string;
  icoRegistrationNumber: string;
  contactPoint: string;
  now: Date;
}

const text = (v: string | undefined | null) => v?.trim() || undefined;
const list = (v: string[] | undefined) => (v && v.length ? v.join(', ') : undefined);
/** `2026-03-01 09:00 UTC`: what a person types into the form's date and time boxes. */
const when = (d: Date | undefined) => (d ? `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')} UTC` : undefined);
const RISK_WORDING = { unlikely: 'Unlikely to result in a risk to individuals', risk: 'Likely to result in a risk to individuals', high: 'Likely to result in a high risk to individuals' } as const;
const yesNo = (v: string) => (v === 'unknown' ? undefined : v === 'yes' ? 'Yes' : 'No');

function field(label: string, value: string | undefined, article?: string): ReportField {
  return { label, value: value ?? UNKNOWN, known: value !== undefined, ...(article ? { article } : {}) };
}

const otherAuthority = (a: Breach['otherAuthorities'][number]) =>
  [`${a.authority}${a.country ? ` (${a.country})` : ''}: ${a.status === 'told' ? 'told' : 'to be told'}`, a.at && when(new Date(a.at)), a.reference && `reference ${a.reference}`]
    .filter(Boolean)
    .join(', ');
const BODY_NAMES = { police: 'Police', ncsc: 'National Cyber Security Centre', 'action-fraud': 'Action Fraud', other: 'Other' } as const;
const otherBody = (o: Breach['otherBodies'][number]) =>
  [`${BODY_NAMES[o.body]}${o.name ? ` (${o.name})` : ''}`, o.at && when(new Date(o.at)), o.reference && `reference ${o.reference}`].filter(Boolean).join(', ');
const listOf = <T>(items: T[] | undefined, line: (item: T) => string) => (items?.length ? items.map(line).join('\n') : undefined);

function occurred(b: Breach): string | undefined {
  if (!b.occurredAt) return undefined;
  return b.occurredUntil ? `Between ${when(b.occurredAt)} and ${when(b.occurredUntil)}` : when(b.occurredAt);
}

/**
 * The report to the ICO, in the order of the ICO's breach report form (about the report, about the
 * breach, personal data placed at risk, containment and recovery, informing others, about you),
 * with every Art. 33(3) point marked where it is answered.
 */
export function authorityReportOf({ breach: b, obligations }: BreachState, ctx: ReportContext): AuthorityReport {
  const authority = obligations.find((o) => o.kind === 'authority');
  const previous = authority?.notifications ?? [];
  const reportType = previous.some((n) => n.phase === 'initial') ? 'follow-up' : 'initial';
  const icoReference = previous.map((n) => n.reference).filter(Boolean).at(-1);
  const dueAt = authority?.dueAt;
  const lateBy = dueAt && ctx.now > dueAt && reportType === 'initial';
  const delayReason =
    previous.find((n) => n.late)?.lateReason ?? b.missedDeadlines.filter((m) => m.kind === 'authority-report' && m.reason).at(-1)?.reason;
  const subjects = obligations.find((o) => o.kind === 'data-subjects');
  const customers = obligations.filter((o) => o.kind === 'customer');
  const customersTold = b.customerNotices.length
    ? b.customerNotices.map((n) => `${n.noticeId} (${n.phase}) requested ${when(n.requestedAt)}`).join('; ')
    : customers.length
      ? 'Not yet'
      : 'Not required: the company is not processor for this data';
  const duty = dataSubjectDutyOf(b);
  const subjectsTold = subjects?.notifications.length
    ? subjects.notifications.map((n) => `${when(n.sentAt)}: ${String(n.content.summary ?? '')}`).join('; ')
    : duty === 'not-assessed'
      ? undefined
      : duty === 'ours' && !b.art34Exemption
        ? 'Not yet'
        : describeDataSubjectDuty(duty, b.art34Exemption);

  return {
    reference: b.reference,
    title: b.title,
    generatedAt: ctx.now.toISOString(),
    reportType,
    sections: [
      {
        id: 'report',
        title: 'About your report',
        fields: [
          field('Report type', reportType === 'initial' ? 'Initial report' : 'Follow-up to an earlier report'),
          field('ICO case reference (follow-up reports)', reportType === 'follow-up' ? icoReference ?? UNKNOWN : 'Not applicable: initial report'),
          field('Our breach reference', b.reference),
          field('Report due (72 hours after awareness)', when(dueAt) ?? (b.awareAt ? 'Not required for this breach' : undefined)),
          field('Reason for reporting after 72 hours', lateBy || delayReason ? text(delayReason) : 'Not applicable: within 72 hours'),
        ],
      },
      {
        id: 'breach',
        title: 'About the breach',
        fields: [
          field('What happened', `${b.title}\n\n${b.description}`, 'Art. 33(3)(a) nature of the breach'),
          field('Nature of the breach', list(b.nature), 'Art. 33(3)(a)'),
          field('Confidentiality, integrity or availability', list(b.ciaClassification)),
          field('How the breach was discovered', text(b.howDiscovered)),
          field('When the breach happened', occurred(b)),
          field('When we became aware of it', when(b.awareAt)),
          field('Caused by a cyber incident', yesNo(b.cyberIncident)),
          field('Were staff involved', yesNo(b.staffInvolved)),
          field('Had the staff handling the data had data protection training in the last two years', yesNo(b.staffTrained ?? 'unknown')),
          field('Our role for the data', b.role === 'both' ? 'Controller and processor' : b.role === 'controller' ? 'Controller' : 'Processor'),
        ],
      },
      {
        id: 'data',
        title: 'Personal data placed at risk',
        fields: [
          field('Categories of personal data', list(b.dataCategories), 'Art. 33(3)(a) categories of personal data records'),
          field('Special category or criminal offence data', b.specialCategoryData ? `Yes${b.specialCategories.length ? `: ${b.specialCategories.join(', ')}` : ''}` : 'No'),
          field('Approximate number of personal data records', String(b.approxRecords), 'Art. 33(3)(a) approximate number of records'),
          field('Approximate number of data subjects', String(b.approxDataSubjects), 'Art. 33(3)(a) approximate number of data subjects'),
          field('Categories of data subjects', list(b.dataSubjectCategories), 'Art. 33(3)(a) categories of data subjects'),
          field('Likely consequences', text(b.likelyConsequences), 'Art. 33(3)(c)'),
          field('Risk to individuals', b.riskLevel ? `${RISK_WORDING[b.riskLevel]}${b.riskReason ? `: ${b.riskReason}` : ''}` : undefined),
        ],
      },
      {
        id: 'containment',
        title: 'Containment and recovery',
        fields: [
          field('Measures in place before the breach', text(b.measuresBefore)),
          field('Measures taken or proposed to address the breach and mitigate its effects', text(b.measures), 'Art. 33(3)(d)'),
          field('Measures taken since', text(b.measuresAfter), 'Art. 33(3)(d)'),
        ],
      },
      {
        id: 'informing',
        title: 'Informing others',
        fields: [
          field('Customers (the controllers) told', customersTold),
          field('Data subjects told', subjectsTold),
          field('Cross-border processing', yesNo(b.crossBorderProcessing ?? 'unknown')),
          field('Lead supervisory authority', text(b.leadAuthority) ?? (b.crossBorderProcessing === 'no' ? 'Not applicable: no cross-border processing' : undefined)),
          field('Supervisory authorities in other countries told, or to be told', listOf(b.otherAuthorities, otherAuthority)),
          field('Police, NCSC, Action Fraud or other bodies told', listOf(b.otherBodies, otherBody)),
          field('Anyone else told (insurers, banks, ...)', text(b.othersInformed)),
        ],
      },
      {
        id: 'contact',
        title: 'About you',
        fields: [
          field('Organisation', text(ctx.organisationName)),
          field('ICO registration number', text(ctx.icoRegistrationNumber)),
          field('Data protection officer or contact point for more information', text(ctx.contactPoint), 'Art. 33(3)(b)'),
          field('Name of the person reporting', text(b.reporter?.name)),
          field('Their role', text(b.reporter?.role)),
          field('Their email', text(b.reporter?.email)),
          field('Their phone number', text(b.reporter?.phone)),
        ],
      },
    ],
  };
}
