/** A versioned email: the version is recorded with every send, as part of the proof of notice. */
export interface EmailTemplate {
  name: string;
  version: number;
  subject: string;
  html: string;
  text: string;
}

export interface RenderedEmail {
  template: string;
  templateVersion: number;
  subject: string;
  html: string;
  text: string;
}
