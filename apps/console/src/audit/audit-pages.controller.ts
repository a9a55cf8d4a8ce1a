import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { text, withoutEmpty } from '../forms/form-values';
import { londonInputToDate } from '../forms/london-time-input';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff } from '../session/staff-page.guard';
import { ServiceName, StaffApi } from '../staff-api/staff-api';
import { PageRenderer } from '../views/page-renderer';
import { AuditEntry, mergedAuditPage } from './audit-trail-page';

const SERVICES: ServiceName[] = ['registry', 'notification', 'breach'];
const PAGE = 50;

/** Every service's append-only audit trail, filtered and merged (auditors and admins; the services enforce it). */
@Controller('audit')
export class AuditPagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async trail(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const services = SERVICES.includes(query.service as ServiceName) ? [query.service as ServiceName] : SERVICES;
    const filters = withoutEmpty({
      entityType: text(query.entityType),
      entityId: text(query.entityId),
      actor: text(query.actor),
      from: londonInputToDate(query.from)?.toISOString(),
      to: text(query.cursor) ?? londonInputToDate(query.to)?.toISOString(),
    });
    const trails = await Promise.all(services.map((s) => this.api.get<AuditEntry[]>(staff, s, '/api/v1/audit', { ...filters, limit: PAGE })));
    const { entries, nextTo } = mergedAuditPage(trails, PAGE);
    const next = nextTo ? `/audit?${new URLSearchParams({ ...withoutEmpty({ ...query, cursor: undefined }), cursor: nextTo } as Record<string, string>).toString()}` : undefined;
    this.pages.render(res, 'audit', staff, { title: 'Audit trail', navHref: '/audit', entries, query, services: SERVICES, pager: next ? { description: `${entries.length} entries`, next } : undefined });
  }
}
