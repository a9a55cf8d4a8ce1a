/**
 * The delivery key: one email per (event, contact), whoever computes it and however often. The
 * fan-out, the reconcile pass and the sender all derive it, and its uniqueness as `_id` is what
 * makes a second email for the same event and contact impossible.
 */
export const deliveryIdOf = (sourceEventId: string, contactId: string) => `${sourceEventId}:${contactId}`;
