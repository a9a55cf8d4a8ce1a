import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse, ApiBadRequestResponse } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '@forewarn/auth';
import { ChangeNoticeStates } from '../notices/change-notice-states';
import { DeliveriesService } from './deliveries.service';
import { proofCsv, proofRows } from './domain/proof-of-notice';

/** The template of the notice itself; reminders and the like are not the notice. */
const NOTICE_TEMPLATE = 'subprocessor-change-announced';

class ProofQuery {
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

@ApiTags('proof of notice')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid token' })
@ApiForbiddenResponse({ description: 'Only compliance, auditors and admins' })
@Controller('api/v1/proof-of-notice')
export class ProofOfNoticeController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly changes: ChangeNoticeStates,
  ) {}

  @Get(':changeId')
  @Roles('compliance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Every contact sent the notice of a change: when it was sent, delivered or bounced, and whether it was late' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'JSON `{ changeId, status, effectiveAt, noticePeriodDays, contacts: [...] }`, or CSV with one row per contact' })
  @ApiNotFoundResponse({ description: 'No announced change with this id is known here' })
  @ApiBadRequestResponse({ description: 'format must be json or csv' })
  @Header('cache-control', 'no-store')
  async proof(@Param('changeId') changeId: string, @Query() query: ProofQuery, @Res({ passthrough: true }) res: Response) {
    const change = await this.changes.get(changeId);
    if (!change) throw new NotFoundException(`changeId: no announced change ${changeId} is known to the notification service`);
    const told = (await this.deliveries.list({ sourceId: changeId }, Number.MAX_SAFE_INTEGER)).filter((d) => d.template === NOTICE_TEMPLATE);
    const noticePeriodDays = change.announcement.noticePeriodDays;
    const contacts = proofRows(told, change.effectiveAt, noticePeriodDays);
    if (query.format === 'csv') {
      res.type('text/csv').attachment(`proof-of-notice-${changeId}.csv`);
      return proofCsv(contacts);
    }
    return { changeId, status: change.status, effectiveAt: change.effectiveAt.toISOString(), noticePeriodDays, contacts };
  }
}
