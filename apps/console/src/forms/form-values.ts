/*
 * Reading an HTML form's fields into an API body: text trimmed, empty fields left out (the APIs
 * refuse empty strings), lists one per line, country codes separated by commas or spaces.
 */
export type FormFields = Record<string, unknown>;

export const text = (value: unknown): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
};

/** A whole number (`1,200` too), or the text as typed so the API can say what is wrong with it. */
export const typedNumber = (value: unknown): number | string | undefined => {
  const t = text(value);
  return t !== undefined && /^\d+$/.test(t.replace(/[,_ ]/g, '')) ? Number(t.replace(/[,_ ]/g, '')) : t;
};

/** One item per line (a textarea); blank lines dropped. */
export const lines = (value: unknown): string[] | undefined => {
  const items = (typeof value === 'string' ? value : '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return items.length ? items : undefined;
};

/** `GB, IE de` → `['GB', 'IE', 'DE']`. */
export const codes = (value: unknown): string[] | undefined => {
  const items = (typeof value === 'string' ? value : '').split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
  return items.length ? items : undefined;
};

/** A body without the fields the form left empty. */
export const withoutEmpty = <T extends Record<string, unknown>>(body: T): Partial<T> =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A list shown back in a textarea, one per line. */
export const asLines = (value: unknown): string => (Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '');
