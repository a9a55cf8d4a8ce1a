import { BadRequestException, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@forewarn/auth';
import { ApiBodyByMediaType } from '@forewarn/platform';
import { sesReportOf } from './ses-notification';
import { parseSnsMessage, SNS_MESSAGE_SCHEMA, SnsMessage } from './sns-message';
import { SnsSubscriptionConfirmer, SnsVerifier } from './sns-verifier';
import { SesWebhookService } from './ses-webhook.service';

const MAX_BODY = 256 * 1024;
/** SNS message ids answered lately, so a replay inside the accepted age is not acted on twice. */
const REMEMBERED_MESSAGES = 10_000;

/** SNS posts its JSON as text/plain; application/json (already parsed) is accepted too. */
async function bodyOf(req: Request): Promise<unknown> {
  if (req.body && typeof req.body === 'object' && Object.keys(req.body as object).length > 0) return req.body;
  let raw = '';
  for await (const chunk of req) {
    raw += (chunk as Buffer).toString('utf8');
    if (raw.length > MAX_BODY) throw new BadRequestException('body: larger than an SNS message can be');
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new BadRequestException('body: not JSON');
  }
}

@ApiTags('webhooks')
@Controller('webhooks')
export class SesWebhookController {
  private readonly answered = new Set<string>();

  constructor(
    private readonly verifier: SnsVerifier,
    private readonly confirmer: SnsSubscriptionConfirmer,
    private readonly reports: SesWebhookService,
  ) {}

  @Post('ses')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Amazon SNS notifications of SES deliveries, bounces and complaints (and the subscription handshake)' })
  @ApiConsumes('text/plain', 'application/json')
  @ApiBody({ description: 'An SNS message (Notification, SubscriptionConfirmation or UnsubscribeConfirmation), signature version 1 or 2' })
  @ApiBodyByMediaType({ 'text/plain': { schema: SNS_MESSAGE_SCHEMA }, 'application/json': { schema: SNS_MESSAGE_SCHEMA } })
  @ApiOkResponse({ description: '`{ result }`: confirmed, recorded, duplicate, ignored or unknown-email' })
  @ApiBadRequestResponse({ description: 'Not an SNS message, or not an SES notification inside; the message names the field' })
  @ApiForbiddenResponse({ description: 'Not from an allowed topic, not signed by SNS (certificate, signature, version), too old, or a SubscribeURL that is not SNS\'s' })
  async receive(@Req() req: Request): Promise<{ result: string }> {
    let message;
    try {
      message = parseSnsMessage(await bodyOf(req));
    } catch (e) {
      if (e instanceof BadRequestException) throw e;
      throw new BadRequestException(e instanceof Error ? e.message : String(e));
    }
    await this.verifier.verify(message);
    if (this.answered.has(message.MessageId)) return { result: 'duplicate' };
    const result = await this.act(message);
    this.answered.add(message.MessageId);
    if (this.answered.size > REMEMBERED_MESSAGES) this.answered.delete(this.answered.values().next().value as string);
    return { result };
  }

  private async act(message: SnsMessage): Promise<string> {
    if (message.Type === 'SubscriptionConfirmation') {
      await this.confirmer.confirm(message.SubscribeURL!);
      return 'confirmed';
    }
    if (message.Type === 'UnsubscribeConfirmation') return 'ignored';
    let report;
    try {
      report = sesReportOf(message.Message);
    } catch (e) {
      throw new BadRequestException(e instanceof Error ? e.message : String(e));
    }
    if (!report) return 'ignored';
    return this.reports.record(report);
  }
}
