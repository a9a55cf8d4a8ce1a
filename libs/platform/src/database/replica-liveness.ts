import type { Model } from 'mongoose';

/** A replica's heartbeat as stored: `_id` is the replica's name; written and read by `_id` only. */
export interface ReplicaBeat {
  _id: string;
  beatAtMs: number;
  /** Set when it stopped gracefully, its work in hand finished. */
  stopped?: boolean;
}

/** How many beats a replica may miss before it counts as gone. */
const MISSED_BEATS = 5;
/** A beat older than this belongs to a replica long gone (its claims ran out long ago). */
const FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/**
 * Which replicas are still working, so work a dead one claimed is taken over in seconds, not
 * after its whole lease. Each replica writes its beat by `_id` every `beatMs`. Another counts as
 * gone when it said it stopped, or when it has been silent for `MISSED_BEATS` beats while this
 * replica's own beats have gone through for at least as long: after a database outage every beat
 * is old, and nobody is declared dead until the database has taken beats again for that long (a
 * replica just started waits as long before it judges anyone). A replica with no beat
 * at all (one of an older version) is left to its lease.
 */
export class ReplicaLiveness {
  private timer?: NodeJS.Timeout;
  /** Since when this replica's beats have gone through without a failure (undefined: the last failed). */
  private beatingSinceMs?: number;
  private readonly read = new Map<string, { atMs: number; beat: Promise<ReplicaBeat | null> }>();

  constructor(
    private readonly beats: Model<any>,
    readonly replica: string,
    readonly beatMs = 1000,
    private readonly wallNow: () => number = () => Date.now(),
  ) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.beatMs);
    this.timer.unref(); // never what keeps a process alive
    // Every process has a name of its own, so beats of replicas long gone are cleared once at
    // start: the collection stays about as small as the replicas running (a beat scans it on FerretDB).
    void this.beats.deleteMany({ beatAtMs: { $lt: this.wallNow() - FORGOTTEN_AFTER_MS } }).catch(() => undefined);
  }

  /** Says this replica stopped: call once its work in hand is finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beats.updateOne({ _id: this.replica }, { $set: { beatAtMs: this.wallNow(), stopped: true } }, { upsert: true }).catch(() => undefined);
  }

  /** False only when `owner` is known to be gone; a claim of one that may be working is waited for. */
  async mayBeWorking(owner: string): Promise<boolean> {
    if (owner === this.replica) return true;
    const beat = await this.beatOf(owner);
    if (!beat) return true;
    if (beat.stopped) return false;
    const silence = MISSED_BEATS * this.beatMs;
    const now = this.wallNow();
    return !(now - beat.beatAtMs > silence && this.beatingSinceMs !== undefined && now - this.beatingSinceMs > silence);
  }

  private async beat(): Promise<void> {
    const at = this.wallNow();
    try {
      await this.beats.updateOne({ _id: this.replica }, { $set: { beatAtMs: at } }, { upsert: true });
      this.beatingSinceMs ??= at;
    } catch {
      // The database is away: nobody is judged until it has taken this replica's beats for as
      // long as a silence that counts (the others may be beating again by then).
      this.beatingSinceMs = undefined;
    }
  }

  /** A beat read at most once per half beat per owner, however many claims of it are contested. */
  private beatOf(owner: string): Promise<ReplicaBeat | null> {
    const cached = this.read.get(owner);
    if (cached && this.wallNow() - cached.atMs < this.beatMs / 2) return cached.beat;
    const beat = this.beats.findById(owner).lean<ReplicaBeat>().exec().catch(() => ({ _id: owner, beatAtMs: this.wallNow() }));
    this.read.set(owner, { atMs: this.wallNow(), beat });
    if (this.read.size > 1000) this.read.delete(this.read.keys().next().value as string);
    return beat;
  }
}
