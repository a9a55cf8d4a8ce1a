import { isDuplicateKeyError } from './duplicate-key';

/** A mongoose model, or anything else with a driver collection (`{ collection: db.collection(name) }`). */
export interface InsertTarget {
  collection: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> };
}

/**
 * Inserts documents under their deterministic `_id`s and tells which ones were new. A duplicate
 * key means "already there" (another replica claimed it, an earlier flush stored it): the cheap,
 * race-safe test-and-set on FerretDB, where the primary key is the only index it uses. Any other
 * failure is thrown.
 */
export async function insertNew<T extends { _id: unknown }>(model: InsertTarget, docs: T[]): Promise<T[]> {
  if (docs.length === 0) return [];
  try {
    // The driver's collection, not mongoose's insertMany: casting and validating thousands of
    // documents per second would cost more CPU than the database write itself.
    await model.collection.insertMany(docs as never[], { ordered: false });
    return docs;
  } catch (error) {
    if (docs.length === 1 && isDuplicateKeyError(error)) return [];
    const refused = duplicateIndexes(error);
    return docs.filter((_, i) => !refused.has(i));
  }
}

/** The positions a bulk insert refused as duplicates; throws the error if anything else failed. */
export function duplicateIndexes(error: unknown): Set<number> {
  const reported = (error as { writeErrors?: WriteError | WriteError[] }).writeErrors;
  // The driver reports a lone failure as one object rather than a list.
  const writeErrors = Array.isArray(reported) ? reported : reported ? [reported] : [];
  if (writeErrors.length === 0) {
    if (isDuplicateKeyError(error)) throw new Error('a duplicate key was reported without saying which document');
    throw error;
  }
  if (!writeErrors.every((w) => isDuplicateKeyError({ code: w.code, message: w.errmsg }))) throw error;
  return new Set(writeErrors.map((w) => w.index));
}

interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
}
