import { GroupCommit } from './group-commit';
import { InsertTarget, insertNew } from './insert-new';

/**
 * `insertNew` for one document at a time from many concurrent callers: the documents that arrive
 * while an insert runs go together in the next one, and each caller learns whether its own was
 * new. A consumer handling dozens of events at once then costs the database a few bulk inserts a
 * second instead of one round trip per document.
 */
export class GroupedInserts<T extends { _id: unknown }> {
  private readonly commits = new GroupCommit<{ doc: T; inserted?: boolean }>(async (items) => {
    const inserted = new Set(await insertNew(this.target, items.map((i) => i.doc)));
    for (const item of items) item.inserted = inserted.has(item.doc);
  });

  constructor(private readonly target: InsertTarget) {}

  /** Stores the document unless its `_id` is taken (by an earlier insert, or one in the same batch); answers whether it was new. */
  async insert(doc: T): Promise<boolean> {
    const item: { doc: T; inserted?: boolean } = { doc };
    await this.commits.add(item);
    return item.inserted === true;
  }
}
