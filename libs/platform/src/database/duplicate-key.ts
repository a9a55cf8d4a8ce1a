/**
 * Whether a write was refused by a unique index. MongoDB says 11000; FerretDB says so on insert
 * but reports an update or upsert that hits the index as "UNIQUE constraint failed".
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; message?: string; writeErrors?: { code?: number }[] } | undefined;
  return (
    e?.code === 11000 ||
    /UNIQUE constraint failed|E11000/.test(e?.message ?? '') ||
    (e?.writeErrors ?? []).some((w) => w.code === 11000)
  );
}
