import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { FormFields } from '../forms/form-values';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff, Writes } from '../session/staff-page.guard';
import type { FormProblems } from '../staff-api/domain/field-errors';
import { formRefusalOf, ServiceAnswerError, StaffApi } from '../staff-api/staff-api';
import { PageRenderer } from '../views/page-renderer';
import { pageNumberOf, pagerOf } from '../views/paging';
import { authorisationOptions, contactBodyOf, Customer, customerBodyOf, endpointBodyOf, ImportReport, importKindOf, NOTICE_KINDS, termsBodyOf, termsValuesOf, WebhookEndpoint } from './customer-form';

const CUSTOMERS = '/api/v1/customers';
const PAGE = 50;
const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;
const id = (value: string) => encodeURIComponent(value);

@Controller('customers')
export class CustomerPagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
  ) {}

  /** Paged by the service (limit and offset): 10,000 customers are never fetched at once. */
  @Get()
  async list(@Staff() staff: StaffSession, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const page = pageNumberOf(query.page);
    const status = ['active', 'inactive'].includes(query.status) ? query.status : undefined;
    const flagged = query.flagged === '1' ? true : undefined;
    const found = await this.api.get<Customer[]>(staff, 'notification', CUSTOMERS, { name: query.q?.trim() || undefined, status, flagged, limit: PAGE + 1, offset: (page - 1) * PAGE });
    const customers = found.slice(0, PAGE);
    this.pages.render(res, 'customers', staff, {
      title: 'Customers',
      navHref: '/customers',
      customers,
      q: query.q ?? '',
      status,
      flagged: !!flagged,
      pager: pagerOf('/customers', query, page, PAGE, customers.length, undefined, found.length > PAGE),
    });
  }

  @Get('new')
  newForm(@Staff() staff: StaffSession, @Res() res: Response): void {
    this.pages.render(res, 'customer-new', staff, { title: 'Add a customer', navHref: '/customers', values: { receives: NOTICE_KINDS.map((k) => k.value) }, kinds: NOTICE_KINDS });
  }

  @Post()
  @Writes('directory')
  async create(@Staff() staff: StaffSession, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const created = await this.api.post<Customer>(staff, 'notification', CUSTOMERS, customerBodyOf(form));
      res.redirect(303, `/customers/${id(created.id)}?saved=1`);
    } catch (error) {
      const problems = formRefusalOf(error, ['name', 'externalId', 'contacts']);
      this.pages.render(res, 'customer-new', staff, { title: 'Add a customer', navHref: '/customers', values: form, problems, kinds: NOTICE_KINDS }, (error as ServiceAnswerError).status);
    }
  }

  @Get('import')
  importForm(@Staff() staff: StaffSession, @Res() res: Response): void {
    this.pages.render(res, 'customer-import', staff, { title: 'Import customers', navHref: '/customers' });
  }

  /** A CSV or JSON file; the service's row-by-row report is shown as a table. */
  @Post('import')
  @Writes('directory')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_LIMIT_BYTES, files: 1 } }))
  async import(@Staff() staff: StaffSession, @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined, @Res() res: Response): Promise<void> {
    const content = file?.buffer.toString('utf8') ?? '';
    if (!content.trim()) {
      this.pages.render(res, 'customer-import', staff, { title: 'Import customers', navHref: '/customers', problems: { fields: { file: 'Choose a CSV or JSON file to import' }, form: [] } }, 400);
      return;
    }
    try {
      const kind = importKindOf(content);
      const report = await this.api.post<ImportReport>(staff, 'notification', `${CUSTOMERS}/import`, kind === 'text/csv' ? content : JSON.parse(content));
      this.pages.render(res, 'customer-import', staff, { title: 'Import customers', navHref: '/customers', report, fileName: file?.originalname });
    } catch (error) {
      if (error instanceof SyntaxError) {
        this.pages.render(res, 'customer-import', staff, { title: 'Import customers', navHref: '/customers', problems: { fields: { file: `The file looks like JSON but is not: ${error.message}` }, form: [] } }, 400);
        return;
      }
      const problems = formRefusalOf(error, ['file']);
      this.pages.render(res, 'customer-import', staff, { title: 'Import customers', navHref: '/customers', problems }, (error as ServiceAnswerError).status);
    }
  }

  @Get(':id')
  async detail(@Staff() staff: StaffSession, @Param('id') customerId: string, @Query('saved') saved: string, @Res() res: Response): Promise<void> {
    await this.renderCustomer(res, staff, customerId, { saved: saved === '1' });
  }

  @Post(':id/contacts')
  @Writes('directory')
  async addContact(@Staff() staff: StaffSession, @Param('id') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      await this.api.post(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/contacts`, contactBodyOf(form));
      res.redirect(303, `/customers/${id(customerId)}?saved=1`);
    } catch (error) {
      await this.renderCustomer(res, staff, customerId, { problems: formRefusalOf(error, ['name', 'email', 'receives']), values: form }, (error as ServiceAnswerError).status);
    }
  }

  /** Terms come from the customer's agreement: compliance records them, as admins may. */
  @Post(':id/terms')
  @Writes('compliance')
  async setTerms(@Staff() staff: StaffSession, @Param('id') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      await this.api.put(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/terms`, termsBodyOf(form));
      res.redirect(303, `/customers/${id(customerId)}?saved=1`);
    } catch (error) {
      const termsProblems = formRefusalOf(error, ['noticePeriodDays', 'authorisation']);
      await this.renderCustomer(res, staff, customerId, { termsProblems, termsValues: form }, (error as ServiceAnswerError).status);
    }
  }

  @Post(':id/webhook-endpoints')
  @Writes('directory')
  async registerEndpoint(@Staff() staff: StaffSession, @Param('id') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    try {
      const endpoint = await this.api.post<WebhookEndpoint>(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/webhook-endpoints`, endpointBodyOf(form));
      this.showSecret(res, staff, customerId, endpoint, false);
    } catch (error) {
      const endpointProblems = formRefusalOf(error, ['url', 'notices', 'description']);
      await this.renderCustomer(res, staff, customerId, { endpointProblems, endpointValues: form }, (error as ServiceAnswerError).status);
    }
  }

  @Post(':id/webhook-endpoints/:endpointId/rotate')
  @Writes('directory')
  async rotateSecret(@Staff() staff: StaffSession, @Param('id') customerId: string, @Param('endpointId') endpointId: string, @Body('overlapHours') overlapHours: string, @Res() res: Response): Promise<void> {
    const path = `${CUSTOMERS}/${id(customerId)}/webhook-endpoints/${id(endpointId)}/secret-rotations`;
    const endpoint = await this.api.post<WebhookEndpoint>(staff, 'notification', path, { overlapHours: Number(overlapHours) || 0 });
    this.showSecret(res, staff, customerId, endpoint, true);
  }

  @Post(':id/webhook-endpoints/:endpointId/remove')
  @Writes('directory')
  async removeEndpoint(@Staff() staff: StaffSession, @Param('id') customerId: string, @Param('endpointId') endpointId: string, @Res() res: Response): Promise<void> {
    await this.api.delete(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/webhook-endpoints/${id(endpointId)}`);
    res.redirect(303, `/customers/${id(customerId)}?saved=1`);
  }

  /** The one page that ever shows a secret: never cached, and no link or redirect carries it. */
  private showSecret(res: Response, staff: StaffSession, customerId: string, endpoint: WebhookEndpoint, rotated: boolean): void {
    res.setHeader('cache-control', 'no-store');
    const [current, previous] = endpoint.secrets;
    const title = rotated ? 'New signing secret' : 'Endpoint registered';
    this.pages.render(res, 'webhook-secret', staff, { title, navHref: '/customers', customerId, endpoint, rotated, secretId: current?.id, overlapping: previous?.retiresAt }, rotated ? 200 : 201);
  }

  @Post(':id/contacts/:contactId/active')
  @Writes('directory')
  async setActive(@Staff() staff: StaffSession, @Param('id') customerId: string, @Param('contactId') contactId: string, @Body('active') active: string, @Res() res: Response): Promise<void> {
    await this.api.patch(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/contacts/${id(contactId)}`, { active: active === 'true' });
    res.redirect(303, `/customers/${id(customerId)}?saved=1`);
  }

  private async renderCustomer(
    res: Response,
    staff: StaffSession,
    customerId: string,
    extra: { saved?: boolean; problems?: FormProblems; values?: FormFields; termsProblems?: FormProblems; termsValues?: FormFields; endpointProblems?: FormProblems; endpointValues?: FormFields },
    status = 200,
  ): Promise<void> {
    const [customer, endpoints] = await Promise.all([
      this.api.get<Customer>(staff, 'notification', `${CUSTOMERS}/${id(customerId)}`),
      this.api.get<WebhookEndpoint[]>(staff, 'notification', `${CUSTOMERS}/${id(customerId)}/webhook-endpoints`),
    ]);
    this.pages.render(
      res,
      'customer',
      staff,
      {
        title: customer.name,
        navHref: '/customers',
        customer,
        kinds: NOTICE_KINDS,
        authorisationOptions,
        ...extra,
        values: extra.values ?? { receives: NOTICE_KINDS.map((k) => k.value) },
        termsValues: extra.termsValues ?? termsValuesOf(customer),
        endpoints,
        endpointValues: extra.endpointValues ?? { notices: NOTICE_KINDS.map((k) => k.value) },
        termsHistory: [...customer.termsHistory].reverse(),
      },
      status,
    );
  }
}
