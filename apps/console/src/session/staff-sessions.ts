import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import type { StaffRole } from '@forewarn/auth';
import { ConsoleConfig } from '../console.config';
import { isSessionLive, SessionLimits, sessionExpiresAt, shouldRecordActivity, StaffSession } from './domain/staff-session';
import { StaffSessionDocument } from './staff-session.schema';

const keyOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

/** Server-side sessions: the cookie holds only a random id; who the person is stays here. */
@Injectable()
export class StaffSessions implements OnModuleInit, OnModuleDestroy {
  readonly limits: SessionLimits;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectModel(StaffSessionDocument.name) private readonly sessions: Model<StaffSessionDocument>,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
  ) {
    this.limits = { idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000, maxMs: config.CONSOLE_SESSION_MAX_HOURS * 3600_000 };
  }

  onModuleInit(): void {
    // Ended sessions are refused when read; the sweep only keeps the collection small.
    this.sweeper = setInterval(() => void this.sessions.deleteMany({ expiresAt: { $lt: this.clock.now() } }).catch(() => undefined), 10 * 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Starts a session; the answer is the cookie's value, which is stored nowhere. */
  async start(person: { sub: string; name: string; roles: StaffRole[]; via: StaffSession['via'] }): Promise<string> {
    const cookieValue = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: StaffSession = { ...person, csrfToken: randomBytes(24).toString('base64url'), signedInAt: now, lastSeenAt: now };
    await this.sessions.create({ _id: keyOf(cookieValue), ...session, expiresAt: sessionExpiresAt(session, this.limits) });
    return cookieValue;
  }

  /** The live session a cookie names, or undefined (unknown, ended by sign-out, idle or too old). */
  async find(cookieValue: string | undefined): Promise<StaffSession | undefined> {
    if (!cookieValue) return undefined;
    const key = keyOf(cookieValue);
    const found = await this.sessions.findById(key).lean<StaffSessionDocument>();
    if (!found) return undefined;
    const now = this.clock.now();
    const session: StaffSession = {
      sub: found.sub,
      name: found.name,
      roles: found.roles as StaffRole[],
      csrfToken: found.csrfToken,
      via: found.via as StaffSession['via'],
      signedInAt: found.signedInAt,
      lastSeenAt: found.lastSeenAt,
    };
    if (!isSessionLive(session, now, this.limits)) {
      await this.sessions.deleteOne({ _id: key });
      return undefined;
    }
    if (shouldRecordActivity(session, now)) {
      session.lastSeenAt = now;
      await this.sessions.updateOne({ _id: key }, { $set: { lastSeenAt: now, expiresAt: sessionExpiresAt(session, this.limits) } });
    }
    return session;
  }

  async end(cookieValue: string | undefined): Promise<void> {
    if (cookieValue) await this.sessions.deleteOne({ _id: keyOf(cookieValue) });
  }
}
