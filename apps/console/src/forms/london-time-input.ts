/*
 * The console's date fields are `datetime-local` inputs in UK time, the zone every page names:
 * a compliance officer types "5 January 2027, 09:00" and means London, whatever their laptop says.
 */
const ZONE = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2027-01-05T09:00`: the moment as a UK wall-clock time, for a `datetime-local` input. */
export function londonInputValue(date: Date): string {
  const p = Object.fromEntries(partsFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Minutes London is ahead of UTC at a moment (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const [date, time] = londonInputValue(at).split('T');
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The moment a UK wall-clock time names, or undefined for what is not one. In the hour the clocks
 * go back, the earlier (BST) moment; in the hour they skip, the time after the jump.
 */
export function londonInputToDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const asUtc = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  // Try the offsets either side of the time: the first that reads back as the same wall time wins.
  const offsets = [londonOffsetMinutes(new Date(asUtc - 3600_000)), londonOffsetMinutes(new Date(asUtc + 3600_000))].sort((a, b) => b - a);
  for (const offset of offsets) {
    const candidate = new Date(asUtc - offset * 60_000);
    if (londonInputValue(candidate) === value.slice(0, 16)) return candidate;
  }
  // A time the clocks skipped: read with the offset before the jump, it lands just after it.
  return new Date(asUtc - offsets[1] * 60_000);
}
