import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestException, ForbiddenException, GoneException, HttpException, Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import type { NotificationConfig } from '../notification.config';

/** What a customer link grants: one contact of one customer, one change notice, until it expires. */
export interface NoticeLink {
  customerId: string;
  contactId: string;
  changeId: string;
  expiresAt: Date;
}

/** Bytes of the HMAC kept in the token: 128 bits is far beyond guessing and keeps links short. */
const TAG_BYTES = 16;
const DAY_MS = 24 * 3600 * 1000;

/** A key's id in a token: who holds the secret can compute it, nobody learns the secret from it. */
export const linkKeyIdOf = (secret: string) => createHash('sha256').update(`notice-link-key:${secret}`).digest('base64url').slice(0, 8);

/**
 * Signs and checks the links in change emails. A token is `base64url(JSON [customerId, contactId,
 * changeId, expiry in epoch seconds]).base64url(HMAC-SHA256 tag).keyId`. Links are signed with
 * NOTICE_LINK_SECRET; the keys in NOTICE_LINK_PREVIOUS_SECRETS still verify the links they signed
 * until those expire, so the secret can be rotated without voiding links already sent. (Links
 * from before key ids, with no third part, are checked against the current key.)
 *
 * node:crypto rather than a JWT from `jose`: the sender signs one link per email, thousands a
 * second, and a synchronous HMAC costs microseconds where jose is async and builds a header and
 * named claims (a longer link for no gain). There is only one algorithm, so nothing in the token
 * chooses how it is checked; the tag is compared in constant time.
 */
@Injectable()
export class NoticeLinks {
  private readonly secret: string;
  private readonly keyId: string;
  /** Every key that may have signed a link still valid, by key id. */
  private readonly keys: Map<string, string>;
  private readonly baseUrl: string;
  private readonly daysAfterEffective: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: NotificationConfig,
    private readonly clock: Clock,
  ) {
    this.secret = config.NOTICE_LINK_SECRET;
    this.keyId = linkKeyIdOf(this.secret);
    const previous = (config.NOTICE_LINK_PREVIOUS_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    this.keys = new Map([this.secret, ...previous].map((secret) => [linkKeyIdOf(secret), secret]));
    this.baseUrl = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    this.daysAfterEffective = config.NOTICE_LINK_DAYS_AFTER_EFFECTIVE;
  }

  /** The page of the notice for this contact, e.g. `https://notify.example/n/<token>`. */
  urlFor(link: NoticeLink): string {
    return `${this.baseUrl}/n/${this.tokenFor(link)}`;
  }

  tokenFor(link: NoticeLink): string {
    const payload = Buffer.from(
      JSON.stringify([link.customerId, link.contactId, link.changeId, Math.floor(link.expiresAt.getTime() / 1000)]),
    ).toString('base64url');
    return `${payload}.${this.tag(payload, this.secret).toString('base64url')}.${this.keyId}`;
  }

  /** When a link for a change taking effect at `effectiveAt` should stop working: the notice
   *  stays readable for a while after the change took effect (objections are refused by then). */
  expiresAtFor(effectiveAt: Date): Date {
    return new Date(effectiveAt.getTime() + this.daysAfterEffective * DAY_MS);
  }

  /** The link a token grants; a malformed (400), forged (403) or expired (410) token throws. */
  verify(token: string): NoticeLink {
    const [payload, tag, keyId, ...rest] = token.split('.');
    if (!payload || !tag || keyId === '' || rest.length > 0) throw malformed();
    const secret = keyId === undefined ? this.secret : this.keys.get(keyId);
    const given = Buffer.from(tag, 'base64url');
    const expected = secret ? this.tag(payload, secret) : Buffer.alloc(0);
    if (!secret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ForbiddenException('This link is not one we sent, or it was changed on the way.');
    }
    const fields = parsePayload(payload);
    if (!fields) throw malformed();
    const [customerId, contactId, changeId, expiresAtSeconds] = fields;
    const expiresAt = new Date(expiresAtSeconds * 1000);
    if (this.clock.now() >= expiresAt) throw new GoneException('This link has expired.');
    return { customerId, contactId, changeId, expiresAt };
  }

  private tag(payload: string, secret: string): Buffer {
    return createHmac('sha256', secret).update(payload).digest().subarray(0, TAG_BYTES);
  }
}

function malformed(): HttpException {
  return new BadRequestException('This link is incomplete. Please open it again from the email, or copy all of it.');
}

function parsePayload(payload: string): [string, string, string, number] | undefined {
  try {
    const fields: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (
      Array.isArray(fields) &&
      fields.length === 4 &&
      fields.slice(0, 3).every((f) => typeof f === 'string' && f.length > 0) &&
      Number.isSafeInteger(fields[3])
    ) {
      return fields as [string, string, string, number];
    }
  } catch {
    // not JSON: malformed
  }
  return undefined;
}
