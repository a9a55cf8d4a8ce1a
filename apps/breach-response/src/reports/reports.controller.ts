import { Controller, Get, Header, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { ApiBadRequest, ApiBreachId, ApiStaffErrors } from '../breaches/breach.api';
import { RegisterQuery } from '../breaches/breach.dto';
import { BreachesService } from '../breaches/breaches.service';
import { AuthorityReport, authorityReportOf } from './authority-report';
import { authorityReportHtml } from './authority-report.html';
import { RegisterRow, registerCsv, registerRowOf } from './breach-register';

@ApiTags('reports')
@ApiBearerAuth()
@ApiStaffErrors()
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly breaches: BreachesService,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: BreachConfig,
  ) {}

  @Get('breaches/:id/authority-report')
  @ApiBreachId()
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ description: 'the report to the ICO in the sections of its form; `Accept: text/html` gives the printable page' })
  async authorityReport(@Param('id') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<AuthorityReport | string> {
    const report = authorityReportOf(await this.breaches.get(id), {
      organisationName: this.config.ORGANISATION_NAME,
      contactPoint: this.config.DPO_CONTACT,
      now: this.clock.now(),
    });
    if (request.accepts(['application/json', 'text/html']) === 'text/html') {
      response.type('text/html');
      return authorityReportHtml(report);
    }
    return report;
  }

  @Get('breach-register')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'every breach, notified or not, with the decision and its reason (Art. 33(5)); `?format=csv` for CSV' })
  @ApiBadRequest()
  @Header('cache-control', 'no-store')
  async register(@Query() query: RegisterQuery, @Res({ passthrough: true }) response: Response): Promise<RegisterRow[] | string> {
    const rows = (await this.breaches.list()).map(registerRowOf);
    if (query.format === 'csv') {
      response.type('text/csv').attachment('breach-register.csv');
      return registerCsv(rows);
    }
    return rows;
  }
}
