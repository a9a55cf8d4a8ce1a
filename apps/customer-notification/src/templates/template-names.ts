/** The email templates: one per event that customers or responders are told about, and those of the public subscription. */
export const TemplateNames = {
  changeAnnounced: 'subprocessor-change-announced',
  changeReminder: 'subprocessor-change-reminder',
  changeRescheduled: 'subprocessor-change-rescheduled',
  changeCancelled: 'subprocessor-change-cancelled',
  changeEffective: 'subprocessor-change-effective',
  breachNotice: 'breach-notice',
  breachUpdate: 'breach-update',
  breachDeadlineEscalation: 'breach-deadline-escalation',
  changeForSubscribers: 'subprocessor-change-public',
  subscriptionConfirmation: 'subscription-confirmation',
} as const;

export type TemplateName = (typeof TemplateNames)[keyof typeof TemplateNames];
