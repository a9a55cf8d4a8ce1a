import { Controller, Get, Header, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiBadRequest, ApiBreachId, ApiStaffErrors } from '../breaches/breach.api';
import { RegisterQuery } from '../breaches/breach.dto';
import { BreachesService } from '../breaches/breaches.service';
import type { AuthorityReport } from './authority-report';
import { authorityReportHtml } from './authority-report.html';
import { AuthorityReports } from './authority-reports';
import { RegisterRow, registerCsv, registerRowOf } from './breach-register';

@ApiTags('reports')
@ApiBearerAuth()
@ApiStaffErrors()
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly breaches: BreachesService,
    private readonly reports: AuthorityReports,
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
    const report = this.reports.reportOf(state);
    const wanted = request.accepts(['application/json', 'text/html', 'application/pdf']);
    if (wanted === 'text/html') {
      response.type('text/html');
      return authorityReportHtml(report);
    }
    if (wanted === 'application/pdf') {
      const pdf = await this.reports.pdfOf(state, report);
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
