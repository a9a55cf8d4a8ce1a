/**
 * Writes items in batches as they come: while one write runs, the next items gather, and each
 * `add` resolves once its own item is stored. Under load that is one insertMany per many items;
 * when idle it is one item per write, with no timer adding latency — unless `lingerMs` is given:
 * then a batch waits that long for company first, for writers whose items trickle in one by one
 * (SES reports) but whose readers pay per batch.
 */
export class GroupCommit<T> {
  private waiting: { item: T; done: (error?: unknown) => void }[] = [];
  private writing?: Promise<void>;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch = 500,
    private readonly lingerMs = 0,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.writing ??= this.drain().finally(() => (this.writing = undefined));
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      if (this.lingerMs > 0 && this.waiting.length < this.maxBatch) await new Promise((r) => setTimeout(r, this.lingerMs));
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((w) => w.item));
        for (const w of batch) w.done();
      } catch (e) {
        for (const w of batch) w.done(e ?? new Error('write failed'));
      }
    }
  }
}
