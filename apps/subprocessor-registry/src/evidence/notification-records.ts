import { BadGatewayException, ConflictException, ForbiddenException } from '@nestjs/common';

/**
 * Reads what the notification service holds about a change (its proof of notice, its templates)
 * with the requesting staff member's own token: the registry gets no rights of its own there, and
 * a role that may not read proof of notice gets none through a bundle.
 */
export class NotificationRecords {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  /** Opens the download: the status is known before the bundle starts, the body is read as the zip drains. */
  async open(path: string): Promise<() => AsyncIterable<Buffer>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: this.authorization } });
    } catch (e) {
      throw new BadGatewayException(`the notification service cannot be reached (${e instanceof Error ? e.message : String(e)}): the bundle needs its proof of notice`);
    }
    if (response.status === 404) throw new ConflictException('the notification service has no notice of this change yet (its announcement may still be on its way): try again shortly');
    if (response.status === 401 || response.status === 403) throw new ForbiddenException(`the notification service refused ${path} for this token`);
    if (!response.ok || !response.body) throw new BadGatewayException(`the notification service answered ${response.status} for ${path}`);
    // Locked now, not when the zip reaches it: undici cancels the unread, unlocked body of a
    // response that is garbage-collected meanwhile, and the file would end empty but signed.
    const reader = response.body.getReader();
    return async function* () {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield Buffer.from(value);
      }
    };
  }
}
