import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

// RFC 3339's date-time, what `format: date-time` promises in the documents and events.
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 date-time naming a real day and time, for any four-digit year. */
export function isRfc3339DateTime(value: string): boolean {
  const m = RFC_3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetHour = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinute = m[10] === undefined ? 0 : Number(m[10]);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
}

/**
 * A date-time field: ISO 8601 as validator's strict check reads it, or any RFC 3339 date-time
 * (that check refuses years before 1000, which a `format: date-time` document allows).
 */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && (isISO8601(value, { strict: true, strictSeparator: true }) || isRfc3339DateTime(value)),
        defaultMessage: () => '$property must be an ISO 8601 date-time',
      },
    },
    options,
  );
}
