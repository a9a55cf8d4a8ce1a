import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SUBPROCESSOR_STATUSES } from '@forewarn/contracts';
import type { FormFields } from '../forms/form-values';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff, Writes } from '../session/staff-page.guard';
import type { FormProblems } from '../staff-api/domain/field-errors';
import { formRefusalOf, ServiceAnswerError, StaffApi } from '../staff-api/staff-api';
import { PageRenderer } from '../views/page-renderer';
import { pageOf } from '../views/paging';
import {
  isMaterial,
  matchingSubprocessors,
  sccModuleOptions,
  Subprocessor,
  SUBPROCESSOR_FIELDS,
  subprocessorBodyOf,
  subprocessorEditOf,
  subprocessorFormValuesOf,
  subprocessorsByCategory,
  transferMechanismOptions,
} from './subprocessor-form';

const PATH = '/api/v1/subprocessors';

@Controller('subprocessors')
export class SubprocessorPagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const status = (SUBPROCESSOR_STATUSES as readonly string[]).includes(query.status) ? query.status : undefined;
    const all = await this.api.get<Subprocessor[]>(staff, 'registry', PATH, { status });
    const { items, pager } = pageOf(matchingSubprocessors(all, query.q), '/subprocessors', query);
    this.pages.render(res, 'subprocessors', staff, {
      title: 'Subprocessors',
      navHref: '/subprocessors',
      groups: subprocessorsByCategory(items),
      q: query.q ?? '',
      status,
      statuses: SUBPROCESSOR_STATUSES,
      pager,
      total: all.length,
    });
  }

  @Get('new')
  newForm(@Staff() staff: StaffSession, @Res() res: Response): void {
    this.renderForm(res, staff, undefined, {}, undefined);
  }

  @Post()
  @Writes('compliance')
  async create(@Staff() staff: StaffSession, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const created = await this.api.post<Subprocessor>(staff, 'registry', PATH, subprocessorBodyOf(form));
      res.redirect(303, `/subprocessors/${created.id}?saved=1`);
    } catch (error) {
      this.renderForm(res, staff, undefined, form, formRefusalOf(error, SUBPROCESSOR_FIELDS), (error as ServiceAnswerError).status);
    }
  }

  @Get(':id')
  async detail(@Staff() staff: StaffSession, @Param('id') id: string, @Query('saved') saved: string, @Res() res: Response): Promise<void> {
    const record = await this.api.get<Subprocessor>(staff, 'registry', `${PATH}/${encodeURIComponent(id)}`);
    this.renderForm(res, staff, record, subprocessorFormValuesOf(record), undefined, 200, saved === '1');
  }

  @Post(':id')
  @Writes('compliance')
  async update(@Staff() staff: StaffSession, @Param('id') id: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    const record = await this.api.get<Subprocessor>(staff, 'registry', `${PATH}/${encodeURIComponent(id)}`);
    const edit = subprocessorEditOf(record, form);
    if (Object.keys(edit).length === 0) return res.redirect(303, `/subprocessors/${record.id}`);
    try {
      await this.api.patch(staff, 'registry', `${PATH}/${encodeURIComponent(id)}`, edit);
      res.redirect(303, `/subprocessors/${record.id}?saved=1`);
    } catch (error) {
      this.renderForm(res, staff, record, form, formRefusalOf(error, SUBPROCESSOR_FIELDS), (error as ServiceAnswerError).status);
    }
  }

  private renderForm(res: Response, staff: StaffSession, record: Subprocessor | undefined, values: FormFields, problems: FormProblems | undefined, status = 200, saved = false): void {
    const material = Object.fromEntries(SUBPROCESSOR_FIELDS.map((f) => [f, isMaterial(record, f)]));
    this.pages.render(
      res,
      'subprocessor',
      staff,
      {
        title: record ? record.name : 'Register a subprocessor',
        navHref: '/subprocessors',
        record,
        values,
        problems,
        material,
        listed: record && record.status !== 'pending',
        saved,
        transferMechanismOptions,
        sccModuleOptions,
      },
      status,
    );
  }
}
