/** Who an email is for: the layout's footer tells each why they got it. */
export type EmailAudience = 'customer-contact' | 'responder' | 'public-subscriber';

/**
 * A versioned email. The version is recorded with every send as part of the proof of notice, so
 * any change to what a template says gets a new version.
 */
export interface EmailTemplate {
  name: string;
  version: number;
  description: string;
  audience: EmailAudience;
  /** The event payload classes the data must satisfy (one of them), checked by the preview. */
  contracts: (new () => object)[];
  subject: string;
  /** The line mail clients show after the subject; plain text. */
  preheader: string;
  /** The body in the shared HTML layout; values are HTML-escaped. */
  html: string;
  /** The body in the shared plain-text layout. */
  text: string;
  /** Data like the event's, for previews, tests and `GET /api/v1/templates`. */
  sampleData: Record<string, unknown>;
}

export interface RenderedEmail {
  template: string;
  templateVersion: number;
  subject: string;
  html: string;
  text: string;
}
