import { Controller, Get, Header, Inject, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { ApiBadRequest, ApiBreachId, ApiStaffErrors } from '../breaches/breach.api';
import { RegisterQuery } from '../breaches/breach.dto';
import { BreachesService } from '../breaches/breaches.service';
import { AuthorityReport, authorityReportOf } from './authority-report';
import { authorityReportHtml } from './authority-report.html';
import { authorityReportPdf } from './authority-report.pdf';
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
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({
    description:
      'the report to the ICO in the sections of its form; `Accept: text/html` gives the printable page, `Accept: application/pdf` a PDF ' +
      'footed on every page with the reference, the generation time and the timeline chain head',
  })
  async authorityReport(@Param('id') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<AuthorityReport | string | StreamableFile> {
    const state = await this.breaches.get(id);
    const report = authorityReportOf(state, {
      organisationName: this.config.ORGANISATION_NAME,
      icoRegistrationNumber: this.config.ICO_REGISTRATION_NUMBER,
      contactPoint: this.config.DPO_CONTACT,
      now: this.clock.now(),
    });
    const wanted = request.accepts(['application/json', 'text/html', 'application/pdf']);
    if (wanted === 'text/html') {
      response.type('text/html');
      return authorityReportHtml(report);
    }
    if (wanted === 'application/pdf') {
      const pdf = await authorityReportPdf(report, state.breach.timelineHead);
      return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${report.reference}-authority-report.pdf"` });
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
