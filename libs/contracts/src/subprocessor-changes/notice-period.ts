/**
 * GDPR Art. 28(2) and SCC 2021 Clause 9(a) practice: customers get at least 30 days to object.
 * The registry enforces it; the notification service falls back to it for an announcement that
 * does not say its period.
 */
export const MINIMUM_NOTICE_PERIOD_DAYS = 30;
