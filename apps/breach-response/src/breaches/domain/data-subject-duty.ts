import type { BreachRole, RiskLevel } from '@forewarn/contracts';

/**
 * Art. 34(3): the data subjects need not be told, although the risk is high, where (a) the data
 * was unintelligible to anyone not authorised (encrypted), (b) later measures mean the high risk
 * is no longer likely, or (c) telling each would take disproportionate effort, in which case a
 * public communication takes its place.
 */
export const ART34_EXEMPTION_GROUNDS = ['data-unintelligible', 'risk-no-longer-likely', 'disproportionate-effort'] as const;
export type Art34ExemptionGround = (typeof ART34_EXEMPTION_GROUNDS)[number];

const POINT: Record<Art34ExemptionGround, string> = {
  'data-unintelligible': 'Art. 34(3)(a): the data was unintelligible to anyone not authorised (for example encrypted)',
  'risk-no-longer-likely': 'Art. 34(3)(b): measures taken since mean the high risk is no longer likely to materialise',
  'disproportionate-effort': 'Art. 34(3)(c): telling each person would involve disproportionate effort; a public communication was made instead',
};

export interface Art34Exemption {
  ground: Art34ExemptionGround;
  reason: string;
  /** Ground (c) only: how and when the public was told instead. */
  publicCommunication?: string;
  recordedAt: Date;
  recordedBy: string;
}

/**
 * Whose Art. 34 duty a breach raises. Only a controller owes the data subjects a notice; where the
 * company is processor only, each customer (the controller) decides, and the customer notice says so.
 */
export type DataSubjectDuty = 'ours' | 'controllers' | 'none' | 'not-assessed';

export function dataSubjectDutyOf(facts: { role: BreachRole; riskLevel?: RiskLevel }): DataSubjectDuty {
  if (facts.role === 'processor') return 'controllers';
  if (!facts.riskLevel) return 'not-assessed';
  return facts.riskLevel === 'high' ? 'ours' : 'none';
}

/** The Art. 34 position in words, for the breach page, the register and the authority report. */
export function describeDataSubjectDuty(duty: DataSubjectDuty, exemption: Art34Exemption | undefined): string {
  switch (duty) {
    case 'controllers':
      return 'The company is processor only: the controllers (our customers) decide on Art. 34; the customer notice says so';
    case 'none':
      return 'Not required: the risk to individuals is not assessed as high (Art. 34(1))';
    case 'not-assessed':
      return 'Not yet known: Art. 34 applies if the risk to individuals is assessed as high';
    case 'ours':
      return exemption
        ? `Not told, exempt under ${POINT[exemption.ground]}: ${exemption.reason}${exemption.publicCommunication ? `. Public communication: ${exemption.publicCommunication}` : ''}`
        : 'Required: the company is controller and the risk is high; tell the data subjects without undue delay (Art. 34(1))';
  }
}

export class Art34ExemptionRefusedError extends Error {}

/** Checks that an exemption may be recorded: only against the company's own duty, before anyone was told. */
export function checkArt34Exemption(duty: DataSubjectDuty, dataSubjectsTold: boolean): void {
  if (duty === 'controllers') throw new Art34ExemptionRefusedError('the company is processor only: the controllers decide on Art. 34 and its exemptions');
  if (duty !== 'ours') throw new Art34ExemptionRefusedError('no Art. 34 duty to be exempt from: the risk to individuals is not assessed as high');
  if (dataSubjectsTold) throw new Art34ExemptionRefusedError('the data subjects have already been told');
}
