/*
 * The words a breach record is described in (the ICO form's answers), shared by the breach service
 * and the console where responders fill the form in.
 */

/** Where a breach is in its handling; the transitions between them are the breach service's rule. */
export const BREACH_STATUSES = ['reported', 'triaged', 'contained', 'notified', 'closed', 'not-a-breach'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

export const BREACH_NATURES = ['lost', 'stolen', 'accessed', 'used', 'disclosed', 'copied', 'modified', 'disposed'] as const;
export const CIA_CLASSES = ['confidentiality', 'integrity', 'availability'] as const;
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export type YesNoUnknown = (typeof YES_NO_UNKNOWN)[number];
export const TOLD_STATES = ['told', 'will-tell'] as const;
export type ToldState = (typeof TOLD_STATES)[number];
export const OTHER_BODIES = ['police', 'ncsc', 'action-fraud', 'other'] as const;
export type OtherBody = (typeof OTHER_BODIES)[number];
