/** One signing secret of an endpoint, sealed at rest; `retiresAt` is set once a newer one replaced it. */
export interface EndpointSecret {
  id: string;
  sealed: string;
  createdAt: Date;
  retiresAt?: Date;
}

export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
export const MAX_ROTATION_OVERLAP_HOURS = 7 * 24;
const HOUR = 3600_000;

/**
 * The secrets after a rotation: the new one first, the current ones retiring after the overlap
 * (a receiver has that long to switch; meanwhile deliveries carry both signatures), and those
 * already retired dropped. An overlap of 0 retires the old secrets at once (a leaked secret).
 */
export function rotateSecrets(secrets: EndpointSecret[], fresh: Omit<EndpointSecret, 'retiresAt'>, now: Date, overlapHours: number): EndpointSecret[] {
  const retiresAt = new Date(now.getTime() + overlapHours * HOUR);
  const kept = signingSecrets(secrets, now).map((s) => ({ ...s, retiresAt: s.retiresAt && s.retiresAt < retiresAt ? s.retiresAt : retiresAt }));
  return [fresh as EndpointSecret, ...kept].filter((s) => !s.retiresAt || s.retiresAt > now);
}

/** The secrets that sign a delivery made now, newest first. */
export const signingSecrets = (secrets: EndpointSecret[], now: Date): EndpointSecret[] =>
  [...secrets].filter((s) => !s.retiresAt || new Date(s.retiresAt) > now).sort((x, y) => new Date(y.createdAt).getTime() - new Date(x.createdAt).getTime());
