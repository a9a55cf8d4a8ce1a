import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BREACH_STATUSES } from '@forewarn/contracts';
import { FormFields, text, withoutEmpty } from '../forms/form-values';
import { londonInputToDate } from '../forms/london-time-input';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff, Writes } from '../session/staff-page.guard';
import type { FormProblems } from '../staff-api/domain/field-errors';
import { passDownload } from '../staff-api/downloads';
import { formRefusalOf, ServiceAnswerError, StaffApi } from '../staff-api/staff-api';
import { PageRenderer } from '../views/page-renderer';
import { pageOf } from '../views/paging';
import { Clock } from '@forewarn/platform';
import { byNearestDeadline, CLOCK_NAMES, clockFace } from './breach-clocks';
import { Breach, BREACH_FIELDS, BREACH_OPTIONS, breachBodyOf, breachEditOf, breachFormValuesOf } from './breach-form';

const BREACHES = '/api/v1/breaches';
const id = (value: string) => encodeURIComponent(value);
const instant = (value: unknown) => londonInputToDate(value)?.toISOString() ?? text(value);

interface TimelineEntry {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  text: string;
}

/** A refusal shown beside its form; anything else goes to the error page. */
function refusal(error: unknown, fields: readonly string[]): FormProblems {
  const problems = formRefusalOf(error, fields);
  const allowed = (error as ServiceAnswerError).body.allowed;
  if (Array.isArray(allowed)) problems.form.push(`From here the breach can move to: ${allowed.join(', ') || 'nothing'}.`);
  return problems;
}

@Controller('breaches')
export class BreachPagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const status = (BREACH_STATUSES as readonly string[]).includes(query.status) ? query.status : undefined;
    const breaches = byNearestDeadline(await this.api.get<Breach[]>(staff, 'breach', BREACHES, { status }));
    const now = this.clock.now();
    const { items, pager } = pageOf(breaches, '/breaches', query);
    const rows = items.map((b) => ({ ...b, faces: b.clocks.map((c) => ({ ...c, name: CLOCK_NAMES[c.kind], ...clockFace(c, now) })) }));
    this.pages.render(res, 'breaches', staff, { title: 'Breaches', navHref: '/breaches', breaches: rows, pager, status, statuses: BREACH_STATUSES });
  }

  @Get('new')
  newForm(@Staff() staff: StaffSession, @Res() res: Response): void {
    this.renderForm(res, staff, undefined, { affected: 'all', cyberIncident: 'unknown', staffInvolved: 'unknown', staffTrained: 'unknown', crossBorderProcessing: 'unknown' });
  }

  @Post()
  @Writes('breaches')
  async create(@Staff() staff: StaffSession, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const created = await this.api.post<Breach>(staff, 'breach', BREACHES, breachBodyOf(form));
      res.redirect(303, `/breaches/${id(created.id)}?saved=reported`);
    } catch (error) {
      this.renderForm(res, staff, undefined, form, refusal(error, BREACH_FIELDS), (error as ServiceAnswerError).status);
    }
  }

  @Get(':id')
  async detail(@Staff() staff: StaffSession, @Param('id') breachId: string, @Query('saved') saved: string, @Res() res: Response): Promise<void> {
    await this.renderBreach(res, staff, breachId, { saved });
  }

  @Get(':id/edit')
  async editForm(@Staff() staff: StaffSession, @Param('id') breachId: string, @Res() res: Response): Promise<void> {
    const breach = await this.api.get<Breach>(staff, 'breach', `${BREACHES}/${id(breachId)}`);
    this.renderForm(res, staff, breach, breachFormValuesOf(breach));
  }

  @Post(':id/edit')
  @Writes('breaches')
  async update(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    const breach = await this.api.get<Breach>(staff, 'breach', `${BREACHES}/${id(breachId)}`);
    const edit = breachEditOf(breach, form);
    if (Object.keys(edit).length === 0) return res.redirect(303, `/breaches/${id(breach.id)}`);
    try {
      await this.api.patch(staff, 'breach', `${BREACHES}/${id(breach.id)}`, edit);
      res.redirect(303, `/breaches/${id(breach.id)}?saved=updated`);
    } catch (error) {
      this.renderForm(res, staff, breach, form, refusal(error, BREACH_FIELDS), (error as ServiceAnswerError).status);
    }
  }

  @Post(':id/transitions')
  @Writes('breaches')
  async transition(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, breachId, 'transitions', withoutEmpty({ to: text(form.to), reason: text(form.reason) }), `moved to ${text(form.to)}`, 'transition', form);
  }

  @Post(':id/deadlines/:kind/missed-reason')
  @Writes('breaches')
  async missedReason(@Staff() staff: StaffSession, @Param('id') breachId: string, @Param('kind') kind: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, breachId, `deadlines/${id(kind)}/missed-reason`, { reason: text(form.reason) }, 'missed-deadline reason recorded', `missed-${kind}`, form);
  }

  @Post(':id/timeline')
  @Writes('breaches')
  async note(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    await this.act(res, staff, breachId, 'timeline', { text: text(form.text) }, 'note added', 'note', form);
  }

  @Post(':id/authority-notifications')
  @Writes('breaches')
  async authority(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    const body = withoutEmpty({ icoReference: text(form.icoReference), submittedAt: instant(form.submittedAt), lateReason: text(form.lateReason) });
    await this.act(res, staff, breachId, 'authority-notifications', body, 'ICO report recorded', 'authority', form);
  }

  @Post(':id/data-subject-notifications')
  @Writes('breaches')
  async dataSubjects(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    const body = withoutEmpty({ summary: text(form.summary), sentAt: instant(form.sentAt), lateReason: text(form.lateReason) });
    await this.act(res, staff, breachId, 'data-subject-notifications', body, 'data subjects\' notice recorded', 'subjects', form);
  }

  /** Step one of notifying customers: the email as they will get it, before anything is sent. */
  @Get(':id/notify')
  async notifyPreview(@Staff() staff: StaffSession, @Param('id') breachId: string, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const breach = await this.api.get<Breach>(staff, 'breach', `${BREACHES}/${id(breachId)}`);
    const preview = await this.previewOf(staff, breach.id, query.message);
    this.pages.render(res, 'breach-notify', staff, { title: `Notify customers of ${breach.reference}`, navHref: '/breaches', breach, preview, values: query });
  }

  /** The email's HTML alone, framed by the notify page in a sandbox: its styles are inline, its links inert. */
  @Get(':id/notify/email')
  async notifyEmail(@Staff() staff: StaffSession, @Param('id') breachId: string, @Query('message') message: string, @Res() res: Response): Promise<void> {
    const preview = await this.previewOf(staff, breachId, message);
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
    res.type('html').send(preview.html);
  }

  @Post(':id/notify')
  @Writes('breaches')
  async notify(@Staff() staff: StaffSession, @Param('id') breachId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const notice = await this.api.post<{ noticeId: string }>(staff, 'breach', `${BREACHES}/${id(breachId)}/customer-notices`, withoutEmpty({ message: text(form.message), lateReason: text(form.lateReason) }));
      res.redirect(303, `/breaches/${id(breachId)}?saved=${encodeURIComponent(`notice ${notice.noticeId} sent`)}`);
    } catch (error) {
      const problems = refusal(error, ['message', 'lateReason']);
      const breach = await this.api.get<Breach>(staff, 'breach', `${BREACHES}/${id(breachId)}`);
      const preview = await this.previewOf(staff, breach.id, text(form.message));
      this.pages.render(res, 'breach-notify', staff, { title: `Notify customers of ${breach.reference}`, navHref: '/breaches', breach, preview, values: form, problems }, (error as ServiceAnswerError).status);
    }
  }

  @Get(':id/report')
  async report(@Staff() staff: StaffSession, @Param('id') breachId: string, @Res() res: Response): Promise<void> {
    const report = await this.api.download(staff, 'breach', `${BREACHES}/${id(breachId)}/authority-report`, 'text/html');
    // The report page carries its own print styles; nothing in it runs.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'");
    await passDownload(report, res);
  }

  @Get(':id/report.pdf')
  async reportPdf(@Staff() staff: StaffSession, @Param('id') breachId: string, @Res() res: Response): Promise<void> {
    await passDownload(await this.api.download(staff, 'breach', `${BREACHES}/${id(breachId)}/authority-report`, 'application/pdf'), res);
  }

  @Get(':id/evidence-bundle')
  async evidence(@Staff() staff: StaffSession, @Param('id') breachId: string, @Res() res: Response): Promise<void> {
    await passDownload(await this.api.download(staff, 'breach', `${BREACHES}/${id(breachId)}/evidence-bundle`, 'application/zip'), res);
  }

  private async previewOf(staff: StaffSession, breachId: string, message: string | undefined): Promise<{ template: string; late: boolean; subject: string; html: string; text: string }> {
    const [draft, templates] = await Promise.all([
      this.api.post<{ template: string; data: object; late: boolean }>(staff, 'breach', `${BREACHES}/${id(breachId)}/customer-notices/preview`, withoutEmpty({ message: text(message) })),
      this.api.get<{ name: string; sampleData: Record<string, unknown> }[]>(staff, 'notification', '/api/v1/templates'),
    ]);
    // Each customer's copy names its contact and customer; the preview borrows the template's sample ones.
    const sample = templates.find((t) => t.name === draft.template)?.sampleData ?? {};
    const data = { ...draft.data, contact: sample.contact, customer: sample.customer };
    const email = await this.api.post<{ subject: string; html: string; text: string }>(staff, 'notification', `/api/v1/templates/${id(draft.template)}/preview`, { data });
    return { template: draft.template, late: draft.late, ...email };
  }

  private async act(res: Response, staff: StaffSession, breachId: string, path: string, body: object, done: string, formName: string, form: FormFields): Promise<void> {
    try {
      await this.api.post(staff, 'breach', `${BREACHES}/${id(breachId)}/${path}`, body);
      res.redirect(303, `/breaches/${id(breachId)}?saved=${encodeURIComponent(done)}`);
    } catch (error) {
      const problems = refusal(error, ['to', 'reason', 'text', 'icoReference', 'submittedAt', 'lateReason', 'summary', 'sentAt']);
      await this.renderBreach(res, staff, breachId, { problems, formName, form }, (error as ServiceAnswerError).status);
    }
  }

  private async renderBreach(res: Response, staff: StaffSession, breachId: string, extra: { saved?: string; problems?: FormProblems; formName?: string; form?: FormFields }, status = 200): Promise<void> {
    const [breach, timeline, verification] = await Promise.all([
      this.api.get<Breach>(staff, 'breach', `${BREACHES}/${id(breachId)}`),
      this.api.get<TimelineEntry[]>(staff, 'breach', `${BREACHES}/${id(breachId)}/timeline`),
      this.api.get<{ valid: boolean; entries: number; brokenAt?: number; reason?: string }>(staff, 'breach', `${BREACHES}/${id(breachId)}/timeline/verify`),
    ]);
    const now = this.clock.now();
    this.pages.render(
      res,
      'breach',
      staff,
      {
        title: `${breach.reference}: ${breach.title}`,
        navHref: '/breaches',
        breach,
        faces: breach.clocks.map((c) => ({ ...c, name: CLOCK_NAMES[c.kind], ...clockFace(c, now) })),
        timeline,
        verification,
        owesCustomers: breach.obligations.some((o) => o.kind === 'customer'),
        owesAuthority: breach.obligations.some((o) => o.kind === 'authority'),
        owesSubjects: breach.obligations.some((o) => o.kind === 'data-subjects'),
        saved: extra.saved,
        problems: extra.problems,
        forms: extra.formName ? { [extra.formName]: extra.form } : {},
      },
      status,
    );
  }

  private renderForm(res: Response, staff: StaffSession, breach: Breach | undefined, values: FormFields, problems?: FormProblems, status = 200): void {
    this.pages.render(res, 'breach-form', staff, { title: breach ? `Edit ${breach.reference}` : 'Log a breach', navHref: '/breaches', breach, values, problems, options: BREACH_OPTIONS }, status);
  }
}
