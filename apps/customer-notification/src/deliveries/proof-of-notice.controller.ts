import { Controller, Get, Logger, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '@forewarn/auth';
import { Clock } from '@forewarn/platform';
import { CustomerDirectoryOrder } from '../customers/directory-order/customer-directory-order';
import { ChangeNoticeStates } from '../notices/change-notice-states';
import { webhookProofRow } from '../customer-webhooks/domain/webhook-proof';
import { WebhookDeliveries } from '../customer-webhooks/webhook-deliveries';
import { PROOF_CSV_HEADER, proofCsvLine, proofRow, webhookCsvLine } from './domain/proof-of-notice';
import { ProofPages } from './proof-pages';

const WRITE_CHUNK = 32 * 1024;

class ProofQuery {
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

/**
 * Proof of notice, streamed: the head goes out at once, then one row per contact sent the
 * announcement (late-added contacts included: they share its event), read from the event's proof
 * pages and written with the socket's back-pressure respected.
 */
@ApiTags('proof of notice')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid token' })
@ApiForbiddenResponse({ description: 'Only compliance, auditors and admins' })
@Controller('api/v1/proof-of-notice')
export class ProofOfNoticeController {
  private readonly logger = new Logger(ProofOfNoticeController.name);

  constructor(
    private readonly pages: ProofPages,
    private readonly changes: ChangeNoticeStates,
    private readonly directory: CustomerDirectoryOrder,
    private readonly webhooks: WebhookDeliveries,
    private readonly clock: Clock,
  ) {}

  @Get(':changeId')
  @Roles('compliance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Every contact sent the notice of a change: when it was sent, delivered or bounced, and whether it was late (streamed: emails sent or failed in the order recorded, then those still queued)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'JSON `{ changeId, status, effectiveAt, noticePeriodDays, contacts: [...], webhooks: [...] }`, or CSV with one row per contact, then one per webhook endpoint (channel `webhook`, with its attempts)' })
  @ApiNotFoundResponse({ description: 'No announced change with this id is known here' })
  @ApiBadRequestResponse({ description: 'format must be json or csv' })
  async proof(@Param('changeId') changeId: string, @Query() query: ProofQuery, @Res() res: Response): Promise<void> {
    const change = await this.changes.get(changeId);
    if (!change) throw new NotFoundException(`changeId: no announced change ${changeId} is known to the notification service`);
    const { noticePeriodDays } = change.announcement;
    // Each contact is owed its customer's own period as its terms stood when it was reached (or
    // now, if it was not), or else the standard one.
    const standardDays = change.announcement.standardNoticePeriodDays ?? noticePeriodDays;
    const ownPeriod = await this.directory.noticePeriods();
    const now = this.clock.now();
    const csv = query.format === 'csv';
    res.status(200).setHeader('cache-control', 'no-store');
    if (csv) res.type('text/csv').attachment(`proof-of-notice-${changeId}.csv`);
    else res.type('application/json');
    const head = { changeId, status: change.status, effectiveAt: change.effectiveAt.toISOString(), noticePeriodDays };
    await this.write(res, csv ? PROOF_CSV_HEADER : `${JSON.stringify(head).slice(0, -1)},"contacts":[`);
    try {
      let first = true;
      // Rows go out in chunks of about 32 KB: a socket write per row costs more than the row.
      let chunk = '';
      // A change known only from later events has no announcement emails here.
      const told = change.announcedEventId ? this.pages.told(change.announcedEventId) : [];
      for await (const contact of told) {
        const reachedAt = contact.facts.delivered?.at ?? contact.facts.sent?.at ?? now;
        const row = proofRow(contact, change.effectiveAt, ownPeriod(contact.customerId, reachedAt) ?? standardDays);
        chunk += csv ? proofCsvLine(row) : `${first ? '' : ','}${JSON.stringify(row)}`;
        first = false;
        if (chunk.length >= WRITE_CHUNK) {
          await this.write(res, chunk);
          chunk = '';
        }
      }
      // Then the webhooks the announcement made: one row per endpoint, with every attempt.
      chunk += csv ? '' : '],"webhooks":[';
      first = true;
      const sent = change.announcedEventId ? this.webhooks.sentFor(change.announcedEventId) : [];
      for await (const webhook of sent) {
        const reachedAt = webhook.attempts.find((a) => a.outcome === 'delivered')?.at ?? now;
        const row = webhookProofRow(webhook, change.effectiveAt, ownPeriod(webhook.customerId, new Date(reachedAt)) ?? standardDays);
        chunk += csv ? webhookCsvLine(row) : `${first ? '' : ','}${JSON.stringify(row)}`;
        first = false;
      }
      res.end(chunk + (csv ? '' : ']}'));
    } catch (e) {
      // The head is out: all that is left is to cut the answer short, so it cannot pass as complete.
      this.logger.warn(`proof of notice of ${changeId} cut short: ${e instanceof Error ? e.message : String(e)}`);
      res.destroy(e instanceof Error ? e : undefined);
    }
  }

  /** Writes a chunk, waiting for the socket to drain when its buffer is full; stops if the client went away. */
  private write(res: Response, chunk: string): Promise<void> {
    if (res.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        if (res.destroyed) reject(new Error('the client went away'));
        else resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}
