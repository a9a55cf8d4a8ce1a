import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { ConsoleConfig } from '../console.config';
import type { Response } from 'express';
import { londonDateTime } from '@forewarn/wording';
import type { FormFields } from '../forms/form-values';
import { text } from '../forms/form-values';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff, Writes } from '../session/staff-page.guard';
import type { FormProblems } from '../staff-api/domain/field-errors';
import { passDownload } from '../staff-api/downloads';
import { formRefusalOf, ServiceAnswerError, StaffApi } from '../staff-api/staff-api';
import type { Subprocessor } from '../subprocessors/subprocessor-form';
import { sccModuleOptions, transferMechanismOptions } from '../subprocessors/subprocessor-form';
import { PageRenderer } from '../views/page-renderer';
import { pageOf } from '../views/paging';
import type { SourceProgress } from '@forewarn/contracts';
import { stillSending } from './change-progress';
import { CHANGE_FIELDS, changeBodyOf, ChangeNotice, decisionOptions, kindOptions, NoticePeriodNow, noticePeriodProblem, rescheduleBodyOf } from './change-form';
import { ProofOfNotice, proofPageOf } from './proof-of-notice';

const CHANGES = '/api/v1/changes';
const id = (value: string) => encodeURIComponent(value);

/** A refusal the page shows beside the form it came from; anything else goes to the error page. */
function refusal(error: unknown, fields: readonly string[]): FormProblems {
  const problems = formRefusalOf(error, fields);
  const words = noticePeriodProblem((error as ServiceAnswerError).body, londonDateTime);
  return words ? { fields: { effectiveAt: words }, form: [] } : problems;
}

@Controller('changes')
export class ChangePagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get()
  async list(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const status = ['draft', 'announced', 'effective', 'cancelled'].includes(query.status) ? query.status : undefined;
    const [changes, subprocessors] = await Promise.all([
      this.api.get<ChangeNotice[]>(staff, 'registry', CHANGES, { status }),
      this.api.get<Subprocessor[]>(staff, 'registry', '/api/v1/subprocessors'),
    ]);
    const names = new Map(subprocessors.map((s) => [s.id, s.name]));
    const { items, pager } = pageOf(changes.map((c) => ({ ...c, subprocessorName: c.subprocessor?.name ?? names.get(c.subprocessorId) })), '/changes', query);
    this.pages.render(res, 'changes', staff, { title: 'Changes', navHref: '/changes', changes: items, pager, status, statuses: ['draft', 'announced', 'effective', 'cancelled'] });
  }

  @Get('new')
  async newForm(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    await this.renderForm(res, staff, { kind: query.kind ?? 'addition', subprocessorId: query.subprocessorId ?? '' });
  }

  @Post()
  @Writes('compliance')
  async draft(@Staff() staff: StaffSession, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const change = await this.api.post<ChangeNotice>(staff, 'registry', CHANGES, changeBodyOf(form));
      res.redirect(303, `/changes/${change.id}?saved=draft`);
    } catch (error) {
      await this.renderForm(res, staff, form, refusal(error, CHANGE_FIELDS), (error as ServiceAnswerError).status);
    }
  }

  @Get(':id')
  async detail(@Staff() staff: StaffSession, @Param('id') changeId: string, @Query('saved') saved: string, @Res() res: Response): Promise<void> {
    await this.renderChange(res, staff, changeId, { saved });
  }

  @Post(':id/announce')
  @Writes('compliance')
  async announce(@Staff() staff: StaffSession, @Param('id') changeId: string, @Res() res: Response): Promise<void> {
    await this.act(res, staff, changeId, 'announce', {}, 'announced');
  }

  @Post(':id/reschedule')
  @Writes('compliance')
  async reschedule(@Staff() staff: StaffSession, @Param('id') changeId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, changeId, 'reschedule', rescheduleBodyOf(form), 'rescheduled', { reschedule: form });
  }

  @Post(':id/cancel')
  @Writes('compliance')
  async cancel(@Staff() staff: StaffSession, @Param('id') changeId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, changeId, 'cancel', { reason: text(form.reason) }, 'cancelled', { cancel: form });
  }

  @Post(':id/objections/:objectionId/resolve')
  @Writes('compliance')
  async resolve(@Staff() staff: StaffSession, @Param('id') changeId: string, @Param('objectionId') objectionId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, changeId, `objections/${id(objectionId)}/resolve`, { note: text(form.note) }, 'resolved', { resolve: { ...form, objectionId } });
  }

  /** For a customer under specific authorisation that has not approved: what compliance decided, and why. */
  @Post(':id/authorisations/:customerId/decision')
  @Writes('compliance')
  async decide(@Staff() staff: StaffSession, @Param('id') changeId: string, @Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    const body = { outcome: text(form.outcome), reason: text(form.reason) };
    await this.act(res, staff, changeId, `authorisations/${id(customerId)}/decision`, body, 'decided', { decide: { ...form, customerId } });
  }

  /** The notification progress box alone; htmx swaps it in every few seconds until nothing is pending. */
  @Get(':id/progress')
  async progress(@Staff() staff: StaffSession, @Param('id') changeId: string, @Res() res: Response): Promise<void> {
    const progress = await this.api.get<SourceProgress>(staff, 'notification', '/api/v1/deliveries/progress', { sourceId: changeId });
    this.pages.render(res, 'change-progress', staff, { title: 'Progress', fragment: true, change: { id: changeId }, progress, live: stillSending(progress) });
  }

  @Get(':id/proof')
  async proof(@Staff() staff: StaffSession, @Param('id') changeId: string, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const proof = await this.api.get<ProofOfNotice>(staff, 'notification', `/api/v1/proof-of-notice/${id(changeId)}`);
    const page = proofPageOf(proof, `/changes/${changeId}/proof`, query);
    this.pages.render(res, 'change-proof', staff, { title: 'Proof of notice', navHref: '/changes', changeId, proof, ...page, lateOnly: query.late === '1' });
  }

  @Get(':id/proof.csv')
  async proofCsv(@Staff() staff: StaffSession, @Param('id') changeId: string, @Res() res: Response): Promise<void> {
    await passDownload(await this.api.download(staff, 'notification', `/api/v1/proof-of-notice/${id(changeId)}`, 'text/csv', { format: 'csv' }), res);
  }

  @Get(':id/evidence-bundle')
  async evidence(@Staff() staff: StaffSession, @Param('id') changeId: string, @Res() res: Response): Promise<void> {
    await passDownload(await this.api.download(staff, 'registry', `${CHANGES}/${id(changeId)}/evidence-bundle`, 'application/zip'), res);
  }

  private async act(res: Response, staff: StaffSession, changeId: string, action: string, body: object, done: string, keep: Record<string, FormFields> = {}): Promise<void> {
    try {
      await this.api.post(staff, 'registry', `${CHANGES}/${id(changeId)}/${action}`, body);
      res.redirect(303, `/changes/${id(changeId)}?saved=${done}`);
    } catch (error) {
      const problems = refusal(error, ['effectiveAt', 'reason', 'note', 'outcome']);
      await this.renderChange(res, staff, changeId, { problems, forms: keep }, (error as ServiceAnswerError).status);
    }
  }

  private async renderChange(res: Response, staff: StaffSession, changeId: string, extra: { saved?: string; problems?: FormProblems; forms?: Record<string, FormFields> }, status = 200): Promise<void> {
    const [change, period, subprocessors] = await Promise.all([
      this.api.get<ChangeNotice>(staff, 'registry', `${CHANGES}/${id(changeId)}`),
      this.noticePeriod(staff),
      this.api.get<Subprocessor[]>(staff, 'registry', '/api/v1/subprocessors'),
    ]);
    const names = new Map(subprocessors.map((s) => [s.id, s.name]));
    const announced = ['announced', 'effective'].includes(change.status);
    const progress = announced ? await this.api.get<SourceProgress>(staff, 'notification', '/api/v1/deliveries/progress', { sourceId: change.id }) : undefined;
    this.pages.render(
      res,
      'change',
      staff,
      {
        title: `${change.kind === 'addition' ? 'Addition of' : change.kind === 'removal' ? 'Removal of' : change.kind === 'replacement' ? 'Replacement by' : 'Update to'} ${change.subprocessor?.name ?? names.get(change.subprocessorId) ?? 'a subprocessor'}`,
        navHref: '/changes',
        change,
        replacesName: change.replacesSubprocessorId ? names.get(change.replacesSubprocessorId) : undefined,
        subprocessorName: change.subprocessor?.name ?? names.get(change.subprocessorId),
        period,
        announced,
        progress,
        awaited: (change.authorisations ?? []).filter((a) => a.state === 'pending' || a.state === 'objected'),
        decisionOptions,
        live: progress && stillSending(progress),
        publicListUrl: this.config.PUBLIC_LIST_URL,
        saved: extra.saved,
        problems: extra.problems,
        forms: extra.forms ?? {},
      },
      status,
    );
  }

  /** The period owed now and, when customers' terms set it, those customers by name. */
  private async noticePeriod(staff: StaffSession): Promise<NoticePeriodNow & { setBy?: { id: string; name: string }[]; more?: boolean }> {
    const period = await this.api.get<NoticePeriodNow>(staff, 'registry', `${CHANGES}/notice-period`);
    if (!period.customerTerms) return period;
    const named = (customerId: string) =>
      this.api.get<{ name: string }>(staff, 'notification', `/api/v1/customers/${id(customerId)}`).then(
        (c) => ({ id: customerId, name: c.name }),
        () => ({ id: customerId, name: customerId }), // a reader without the directory still sees the ids
      );
    const { setBy, setByCount } = period.customerTerms;
    return { ...period, setBy: await Promise.all(setBy.map(named)), more: setByCount > setBy.length };
  }

  private async renderForm(res: Response, staff: StaffSession, values: FormFields, problems?: FormProblems, status = 200): Promise<void> {
    const [subprocessors, period] = await Promise.all([
      this.api.get<Subprocessor[]>(staff, 'registry', '/api/v1/subprocessors'),
      this.noticePeriod(staff),
    ]);
    const options = subprocessors.filter((s) => s.status !== 'removed').map((s) => ({ value: s.id, label: `${s.name} (${s.status})` }));
    this.pages.render(
      res,
      'change-new',
      staff,
      {
        title: 'Draft a change',
        navHref: '/changes',
        values,
        problems,
        kindOptions,
        subprocessorOptions: options,
        period,
        transferMechanismOptions,
        sccModuleOptions,
      },
      status,
    );
  }
}
