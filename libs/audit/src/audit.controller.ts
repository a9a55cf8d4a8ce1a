import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Roles } from '@forewarn/auth';
import { ApiErrorView, AuditEntryView, auditEntryViewOf, AuditQueryDto } from './audit.dto';
import { AuditTrail } from './audit-trail';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "This service's audit trail: every write, who made it and when, newest first" })
  @ApiOkResponse({ type: [AuditEntryView] })
  @ApiBadRequestResponse({ type: ApiErrorView, description: 'A query parameter is invalid; the message names it' })
  @ApiUnauthorizedResponse({ type: ApiErrorView, description: 'No valid staff bearer token' })
  @ApiForbiddenResponse({ type: ApiErrorView, description: 'The token has neither the auditor nor the admin role' })
  async list(@Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    const entries = await this.trail.find(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actor: query.actor,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      query.limit ?? 100,
    );
    return entries.map(auditEntryViewOf);
  }
}
