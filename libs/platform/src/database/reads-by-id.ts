/** Reads in flight at once: on the embedded database a read by `_id` is the one that does not
 *  scan, and a few in parallel keep it busy without queueing the whole list on its pool. */
export const READS_AT_ONCE = 8;

/**
 * What `read` finds for each id (a read by `_id`), in the ids' order, a group of reads at a time;
 * an id it finds nothing for is left out. Used instead of a `$in` filter, which the embedded
 * database answers by scanning the collection.
 */
export async function* readEachById<T>(ids: readonly string[], read: (id: string) => Promise<T | null>): AsyncGenerator<T[]> {
  for (let i = 0; i < ids.length; i += READS_AT_ONCE) {
    const found = await Promise.all(ids.slice(i, i + READS_AT_ONCE).map(read));
    yield found.filter((x): x is Awaited<T> & NonNullable<T> => x !== null);
  }
}
