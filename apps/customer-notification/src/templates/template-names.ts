/** The email templates, one per event that customers or responders are told about. */
export const TemplateNames = {
  changeAnnounced: 'subprocessor-change-announced',
  changeReminder: 'subprocessor-change-reminder',
  changeRescheduled: 'subprocessor-change-rescheduled',
  changeCancelled: 'subprocessor-change-cancelled',
  changeEffective: 'subprocessor-change-effective',
  breachNotice: 'breach-notice',
  breachUpdate: 'breach-update',
  breachDeadlineEscalation: 'breach-deadline-escalation',
} as const;

export type TemplateName = (typeof TemplateNames)[keyof typeof TemplateNames];
