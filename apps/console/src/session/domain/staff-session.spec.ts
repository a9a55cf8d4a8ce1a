import { isSessionLive, mayWrite, safeReturnPath, sessionExpiresAt, shouldRecordActivity } from './staff-session';

const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };
const at = (iso: string) => new Date(iso);

describe('staff sessions', () => {
  it('end after the idle time, or the longest time after sign-in, whichever comes first', () => {
    const session = { signedInAt: at('2027-01-05T08:00:00Z'), lastSeenAt: at('2027-01-05T19:50:00Z') };
    expect(sessionExpiresAt(session, limits).toISOString()).toBe('2027-01-05T20:00:00.000Z');
    expect(isSessionLive(session, at('2027-01-05T19:59:59Z'), limits)).toBe(true);
    expect(isSessionLive(session, at('2027-01-05T20:00:00Z'), limits)).toBe(false);
    const idle = { signedInAt: at('2027-01-05T08:00:00Z'), lastSeenAt: at('2027-01-05T09:00:00Z') };
    expect(isSessionLive(idle, at('2027-01-05T09:29:59Z'), limits)).toBe(true);
    expect(isSessionLive(idle, at('2027-01-05T09:30:00Z'), limits)).toBe(false);
  });

  it('records activity at most once a minute', () => {
    expect(shouldRecordActivity({ lastSeenAt: at('2027-01-05T09:00:00Z') }, at('2027-01-05T09:00:59Z'))).toBe(false);
    expect(shouldRecordActivity({ lastSeenAt: at('2027-01-05T09:00:00Z') }, at('2027-01-05T09:01:00Z'))).toBe(true);
  });

  it('lets each area be changed by its role and admins, and auditors change nothing', () => {
    expect(mayWrite(['compliance'], 'compliance')).toBe(true);
    expect(mayWrite(['compliance'], 'breaches')).toBe(false);
    expect(mayWrite(['responder'], 'breaches')).toBe(true);
    expect(mayWrite(['responder'], 'directory')).toBe(false);
    expect(mayWrite(['admin'], 'directory')).toBe(true);
    for (const area of ['compliance', 'breaches', 'directory'] as const) expect(mayWrite(['auditor'], area)).toBe(false);
  });

  it('returns after sign-in only to a path on this console', () => {
    expect(safeReturnPath('/changes/abc?tab=objections')).toBe('/changes/abc?tab=objections');
    for (const unsafe of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/sign-in', '', undefined]) {
      expect(safeReturnPath(unsafe)).toBe('/');
    }
  });
});
