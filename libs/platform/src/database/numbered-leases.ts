import type { Model } from 'mongoose';
import { insertNew } from './insert-new';

/** A claim as stored: `_id` is `<key>#<n>`; only inserted, read by `_id`. */
export interface LeaseRecord {
  _id: string;
  n: number;
  owner: string;
  claimedAtMs: number;
  leaseUntilMs: number;
}

/** One owner's hold on a piece of work until `leaseUntilMs` (wall time). */
export interface Lease {
  key: string;
  n: number;
  owner: string;
  claimedAtMs: number;
  leaseUntilMs: number;
}

/**
 * Numbered, insert-only claims on pieces of work (a timer's firing, an email's send). Claim
 * `<key>#<n>` exists once, so of two owners inserting it exactly one wins; the primary key is all
 * it needs, on FerretDB and MongoDB alike. A claim is a lease measured in wall time (replicas'
 * test clocks differ, real time does not). Its owner renews it by claiming the next number before
 * half of it is gone; another owner takes the work over by claiming the next number once the
 * newest claim has run out.
 */
export class NumberedLeases {
  constructor(
    private readonly model: Model<any>,
    readonly owner: string,
    readonly leaseMs: number,
    /** Fields a claim carries besides the lease (which timer, which email), for people reading the collection. */
    private readonly fieldsOf: (key: string) => Record<string, unknown> = () => ({}),
    private readonly wallNow: () => number = () => Date.now(),
  ) {}

  static idOf(key: string, n: number): string {
    return `${key}#${n}`;
  }

  /** Claims one number of each key in one insert; answers the leases won, by key. */
  async claim(keys: string[], numberOf: number | ((key: string) => number)): Promise<Map<string, Lease>> {
    const now = this.wallNow();
    const records = [...new Set(keys)].map((key) => {
      const n = typeof numberOf === 'number' ? numberOf : numberOf(key);
      return { key, record: { _id: NumberedLeases.idOf(key, n), ...this.fieldsOf(key), n, owner: this.owner, claimedAtMs: now, leaseUntilMs: now + this.leaseMs } };
    });
    const won = new Set((await insertNew(this.model, records.map((r) => r.record))).map((r) => r._id));
    return new Map(records.filter((r) => won.has(r.record._id)).map((r) => [r.key, leaseOf(r.key, r.record)]));
  }

  /** The claim of that number, if anyone made it. */
  async at(key: string, n: number): Promise<Lease | undefined> {
    const record = await this.model.findById(NumberedLeases.idOf(key, n)).lean<LeaseRecord>().exec();
    return record ? leaseOf(key, record) : undefined;
  }

  /** The newest claim on the key, walking up from `from` (there are rarely more than one or two). */
  async newest(key: string, from: number): Promise<Lease | undefined> {
    let newest: Lease | undefined;
    for (let n = from; ; n++) {
      const lease = await this.at(key, n);
      if (!lease) return newest;
      newest = lease;
    }
  }

  isHeld(lease: Lease): boolean {
    return lease.leaseUntilMs > this.wallNow();
  }

  /** Wall-time milliseconds left on the lease (negative once it ran out). */
  remainingMs(lease: Lease): number {
    return lease.leaseUntilMs - this.wallNow();
  }

  /**
   * The lease, renewed if less than half of it is left: call it at the moment the work happens
   * (just before the send, just before the handler), not only when it was claimed. Undefined when
   * the next number is someone else's: the work was taken over and must not be done here.
   */
  async keep(lease: Lease): Promise<Lease | undefined> {
    if (this.remainingMs(lease) > this.leaseMs / 2) return lease;
    return (await this.claim([lease.key], lease.n + 1)).get(lease.key);
  }

  /**
   * Runs `work` (recording a result that must land while the lease holds) and renews the lease as
   * long as it runs. Answers what `work` answers; a renewal someone else won is only logged by
   * the caller's `onLost`.
   */
  async holding<T>(lease: Lease, work: () => Promise<T>, onLost: (lease: Lease) => void = () => undefined): Promise<T> {
    let current: Lease | undefined = lease;
    const renewing = setInterval(() => {
      if (!current) return;
      this.keep(current)
        .then((kept) => {
          if (!kept) onLost(current!);
          current = kept;
        })
        .catch(() => undefined); // the next tick tries again
    }, Math.max(50, Math.floor(this.leaseMs / 4)));
    try {
      return await work();
    } finally {
      clearInterval(renewing);
    }
  }
}

function leaseOf(key: string, record: LeaseRecord): Lease {
  return { key, n: record.n, owner: record.owner, claimedAtMs: record.claimedAtMs, leaseUntilMs: record.leaseUntilMs };
}
