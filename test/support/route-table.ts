import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROLES = ['compliance', 'responder', 'auditor', 'admin'] as const;
export type Decision = 'public' | (typeof ROLES)[number][];

/**
 * Who may call each route, as documented: the rows of the route table in docs/SECURITY.md,
 * `| service | METHOD | /path | who |` (who: `public`, `any staff` or roles), keyed
 * `<service> <METHOD> <path>`. The authorization matrix test holds every service to it.
 */
export function documentedDecisions(): Map<string, Decision> {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'SECURITY.md'), 'utf8');
  const decisions = new Map<string, Decision>();
  for (const line of doc.split('\n')) {
    const cells = /^\|\s*`?([a-z-]+)`?\s*\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`\s*\|\s*([^|]+)\|/.exec(line);
    if (!cells) continue;
    const [, service, method, path, who] = cells;
    const roles = who.trim() === 'public' ? 'public' : who.trim() === 'any staff' ? [...ROLES] : (who.split(',').map((r) => r.trim()) as Decision);
    decisions.set(`${service} ${method} ${path}`, roles);
  }
  return decisions;
}
