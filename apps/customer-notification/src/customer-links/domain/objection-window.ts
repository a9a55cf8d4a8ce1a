/** Whether a change can still be objected to: only while it is announced and not yet in effect. */
export type ObjectionWindow = { open: true } | { open: false; why: 'cancelled' | 'effective' | 'date-passed' };

export function objectionWindow(change: { status: 'announced' | 'effective' | 'cancelled'; effectiveAt: Date }, now: Date): ObjectionWindow {
  if (change.status === 'cancelled') return { open: false, why: 'cancelled' };
  if (change.status === 'effective') return { open: false, why: 'effective' };
  // The effective event may still be on its way, or the change waits for approvals: the date alone closes the window.
  if (now.getTime() >= change.effectiveAt.getTime()) return { open: false, why: 'date-passed' };
  return { open: true };
}

/**
 * Whether a customer under specific authorisation can still approve: while the change is
 * announced, its date passed or not (a change waiting for approvals stays announced).
 */
export function approvalOpen(change: { status: 'announced' | 'effective' | 'cancelled' }): boolean {
  return change.status === 'announced';
}
