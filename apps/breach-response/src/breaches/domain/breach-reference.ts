/** `BR-2026-0007`: the seventh breach logged in 2026 (UTC year of logging). */
export function breachReference(year: number, number: number): string {
  return `BR-${year}-${String(number).padStart(4, '0')}`;
}
