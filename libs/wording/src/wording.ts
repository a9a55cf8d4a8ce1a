import type { BreachDeadlineKind, ChangeKind } from '@forewarn/contracts';

/** Every date in an email or on a page is UK time with its zone named, since GMT and BST differ by an hour. */
export const NOTICE_TIME_ZONE = 'Europe/London';

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: NOTICE_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const londonDayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: NOTICE_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const countryNames = new Intl.DisplayNames('en-GB', { type: 'region' });

/** `1 March 2027, 09:00 GMT` (or `BST` in summer); what is no date is shown as given. */
export function londonDateTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (value === undefined || value === null || Number.isNaN(date.getTime())) return String(value ?? '');
  const part = Object.fromEntries(londonFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/** `1 March 2027`, the UK date, for subjects where the time would only be noise. */
export function londonDate(value: unknown): string {
  const date = new Date(String(value));
  return value === undefined || value === null || Number.isNaN(date.getTime()) ? String(value ?? '') : londonDayFormat.format(date);
}

const UNITS: [string, number][] = [
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** `2 days 3 hours`, `5 hours 30 minutes`, `45 minutes`: the two largest units, rounded down. */
export function durationWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'less than a minute';
  const words: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || words.length > 0) words.push(n === 0 ? '' : `${n} ${unit}${n === 1 ? '' : 's'}`);
    if (words.length === 2) break;
  }
  return words.filter(Boolean).join(' ');
}

/** ISO 3166-1 alpha-2 codes as English country names (`GB` → `United Kingdom`). */
export function countryList(codes: unknown): string {
  if (!Array.isArray(codes)) return '';
  return codes.map((code) => {
    try {
      return countryNames.of(String(code).toUpperCase()) ?? String(code);
    } catch {
      return String(code); // not a region code: shown as given
    }
  }).join(', ');
}

const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  addition: 'New subprocessor',
  replacement: 'Replacement of a subprocessor',
  removal: 'Removal of a subprocessor',
  update: 'Change to an existing subprocessor',
};

export const changeKindLabel = (kind: unknown): string => CHANGE_KIND_LABELS[kind as ChangeKind] ?? String(kind ?? '');

const DEADLINE_LABELS: Record<BreachDeadlineKind, string> = {
  'authority-report': 'Report to the Information Commissioner (GDPR Art. 33(1), 72 hours from awareness)',
  'customer-notice': 'Notice to affected customers (GDPR Art. 33(2), without undue delay)',
};

export const deadlineLabel = (deadline: unknown): string => DEADLINE_LABELS[deadline as BreachDeadlineKind] ?? String(deadline ?? '');

/** Only web links go into an href; anything else (`javascript:` from a preview, say) becomes inert. */
export function webUrl(value: unknown): string {
  const url = String(value ?? '');
  return /^https?:\/\//i.test(url) ? url : '#';
}

/** Where the data goes and on what basis: the mechanism given, or why none is needed. */
export function transferSafeguard(subprocessor: { locations?: unknown; transferMechanism?: unknown } | undefined): string {
  if (subprocessor?.transferMechanism) return String(subprocessor.transferMechanism);
  const locations = Array.isArray(subprocessor?.locations) ? subprocessor.locations.map((l) => String(l).toUpperCase()) : [];
  if (locations.length > 0 && locations.every((l) => l === 'GB')) return 'None needed: the data stays in the United Kingdom';
  return 'Not stated in this notice; reply to this email and we will send it';
}

const numberFormat = new Intl.NumberFormat('en-GB');
export const wholeNumber = (value: unknown): string => (typeof value === 'number' ? numberFormat.format(value) : String(value ?? ''));
