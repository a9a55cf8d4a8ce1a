import { AUTHORISATION_KINDS, MINIMUM_NOTICE_PERIOD_DAYS } from '@forewarn/contracts';
import { FormFields, text, typedNumber, withoutEmpty } from '../forms/form-values';

export interface Contact {
  id: string;
  name: string;
  email: string;
  receives: string[];
  active: boolean;
}

export interface Customer {
  id: string;
  name: string;
  externalId?: string;
  status: 'active' | 'inactive';
  contacts: Contact[];
  warnings: { code: string; kind: string; message: string }[];
  terms?: CustomerTerms;
  termsHistory: CustomerTerms[];
}

export interface CustomerTerms {
  noticePeriodDays: number;
  authorisation: (typeof AUTHORISATION_KINDS)[number];
  changedAt: string;
  changedBy: string;
}

const AUTHORISATION_LABELS: Record<(typeof AUTHORISATION_KINDS)[number], string> = {
  general: 'General written authorisation: told in advance, may object',
  specific: 'Specific prior authorisation: a change waits for its approval',
};
export const authorisationOptions = AUTHORISATION_KINDS.map((value) => ({ value, label: AUTHORISATION_LABELS[value] }));

/** What the terms form shows: the customer's terms, or the standard ones it has until then. */
export const termsValuesOf = (c: Customer) => ({
  noticePeriodDays: String(c.terms?.noticePeriodDays ?? MINIMUM_NOTICE_PERIOD_DAYS),
  authorisation: c.terms?.authorisation ?? 'general',
});

export const termsBodyOf = (form: FormFields) => withoutEmpty({ noticePeriodDays: typedNumber(form.noticePeriodDays), authorisation: text(form.authorisation) });

/** A customer's webhook endpoint as the service shows it; `secret` only in the answer that made it. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  notices: string[];
  description?: string;
  status: 'active' | 'removed';
  secrets: { id: string; createdAt: string; retiresAt?: string }[];
  removedAt?: string;
  secret?: string;
}

export const endpointBodyOf = (form: FormFields) => withoutEmpty({ url: text(form.url), notices: kinds(form.notices) ?? [], description: text(form.description) });

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; field?: string; reason: string }[];
}

export const NOTICE_KINDS = [
  { value: 'subprocessor-changes', label: 'Subprocessor changes' },
  { value: 'breaches', label: 'Breach notices' },
];

const kinds = (value: unknown): string[] | undefined => {
  const picked = (Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []).map(String);
  return picked.length ? picked : undefined;
};

export const contactBodyOf = (form: FormFields) => withoutEmpty({ name: text(form.contactName), email: text(form.email), receives: kinds(form.receives) });

export function customerBodyOf(form: FormFields): Record<string, unknown> {
  const contact = contactBodyOf(form);
  return withoutEmpty({ name: text(form.name), externalId: text(form.externalId), contacts: Object.keys(contact).length ? [contact] : [] });
}

/** What an uploaded import file is: JSON when it looks like a JSON array, CSV otherwise. */
export const importKindOf = (content: string): 'application/json' | 'text/csv' => (/^\uFEFF?\s*\[/.test(content) ? 'application/json' : 'text/csv');
