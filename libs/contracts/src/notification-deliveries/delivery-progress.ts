/** How far emails have got, as the notification service counts them. */
export interface ProgressTally {
  /** Emails queued. */
  total: number;
  /** Not yet accepted by SES nor failed. */
  pending: number;
  /** Accepted by SES. */
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  failed: number;
}

/** A change's or breach's emails to customers' contacts (`GET /api/v1/deliveries/progress`), and
 *  apart from them a change's emails to public subscribers. */
export interface SourceProgress extends ProgressTally {
  sourceId: string;
  subscribers: ProgressTally;
}
