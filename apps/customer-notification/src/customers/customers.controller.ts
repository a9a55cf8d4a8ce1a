import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { ApiBodyByMediaType } from '@forewarn/platform';
import {
  ContactDto,
  CreateCustomerDto,
  CustomerTermsDto,
  CustomerView,
  customerViewOf,
  ImportCustomerDto,
  ListCustomersQuery,
  UpdateContactDto,
  UpdateCustomerDto,
} from './customer.dto';
import { CustomersService } from './customers.service';
import { CustomerImportService } from './import/customer-import.service';
import { ImportReportView } from './import/import-report.dto';
import { CSV_COLUMNS, rowsFromCsv, rowsFromJson } from './import/import-rows';

const actorOf = (staff: StaffPrincipal) => `user:${staff.sub}`;

/**
 * Who may read the directory (contacts' names and addresses are personal data): the people who
 * run notices and audit them. Responders see breach notices' recipients through the deliveries of
 * a breach, not the whole directory.
 */
const DIRECTORY_READERS = ['compliance', 'admin', 'auditor'] as const;

@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly importer: CustomerImportService,
  ) {}

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'Customers by name, with warnings for kinds of notice no active contact receives' })
  @ApiOkResponse({ type: [CustomerView] })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (named in the message)' })
  async list(@Query() query: ListCustomersQuery): Promise<CustomerView[]> {
    return (await this.customers.list(query)).map(customerViewOf);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Adds a customer; its contacts are sent the change notices still pending' })
  @ApiCreatedResponse({ type: CustomerView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiUnprocessableEntityResponse({ description: 'An address is listed twice (named in the message)' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiConflictResponse({ description: 'Another customer has this externalId' })
  async create(@Body() dto: CreateCustomerDto, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    return customerViewOf(await this.customers.create(dto, actorOf(staff)));
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Upserts customers by externalId from JSON or CSV',
    description:
      `JSON: an array of { externalId, name, status?, contacts?: [{ name, email, receives? }] }. ` +
      `CSV (text/csv, UTF-8, header row, any column order): ${CSV_COLUMNS.join(', ')}; one row per contact, ` +
      `receives as kinds separated by ";" (empty: every kind), status optional; a row with no contactName and no email ` +
      `lists a customer alone. Contacts are matched by address; an import never removes a contact. ` +
      `Bad rows are reported with their row and field, and the good rows still land.`,
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: [ImportCustomerDto] })
  @ApiBodyByMediaType({
    // Rows are checked one by one: one that does not fit ImportCustomerDto is reported, not refused.
    'application/json': { schema: { type: 'array', items: { description: 'a customer, as ImportCustomerDto' } } },
    'text/csv': { schema: { type: 'string', description: `a header row naming the columns (${CSV_COLUMNS.join(', ')}), then a row per contact` } },
  })
  @ApiOkResponse({ type: ImportReportView })
  @ApiBadRequestResponse({ description: 'The body is not an array, the CSV cannot be parsed, or its header lacks a column' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than HTTP_IMPORT_BODY_LIMIT_MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/json nor text/csv' })
  async import(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'text/csv') return this.importer.import(rowsFromCsv(typeof body === 'string' ? body : ''), actorOf(staff));
    if (type === 'application/json') return this.importer.import(rowsFromJson(body), actorOf(staff));
    throw new UnsupportedMediaTypeException('content-type: send application/json or text/csv');
  }

  @Get(':id')
  @Roles(...DIRECTORY_READERS)
  @ApiOkResponse({ type: CustomerView })
  @ApiNotFoundResponse({ description: 'No customer has this id' })
  async get(@Param('id') id: string): Promise<CustomerView> {
    return customerViewOf(await this.customers.get(id));
  }

  /** Customers are deactivated, never deleted: deliveries and proof of notice must keep naming them. */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Renames, re-keys, deactivates or reactivates a customer (there is no delete: proof of notice names it)' })
  @ApiOkResponse({ type: CustomerView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No customer has this id' })
  @ApiConflictResponse({ description: 'Another customer has this externalId' })
  async update(@Param('id') id: string, @Body() dto: UpdateCustomerDto, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    return customerViewOf(await this.customers.update(id, dto, actorOf(staff)));
  }

  /** Terms come from the data processing agreement: the compliance team records them as well as admins. */
  @Put(':id/terms')
  @Roles('compliance', 'admin')
  @ApiOperation({
    summary: "Sets the customer's own terms for subprocessor changes (kept in its terms history); the registry announces changes at least its notice period ahead",
  })
  @ApiOkResponse({ type: CustomerView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiForbiddenResponse({ description: 'Neither compliance nor admin' })
  @ApiNotFoundResponse({ description: 'No customer has this id' })
  async setTerms(@Param('id') id: string, @Body() dto: CustomerTermsDto, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    return customerViewOf(await this.customers.setTerms(id, dto, actorOf(staff)));
  }

  @Post(':id/contacts')
  @Roles('admin')
  @ApiOperation({ summary: 'Adds a contact; it is sent the change notices still pending' })
  @ApiCreatedResponse({ type: CustomerView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No customer has this id' })
  @ApiConflictResponse({ description: 'The address is already a contact of this customer' })
  async addContact(@Param('id') id: string, @Body() dto: ContactDto, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    return customerViewOf((await this.customers.addContact(id, dto, actorOf(staff))).customer);
  }

  @Patch(':id/contacts/:contactId')
  @Roles('admin')
  @ApiOperation({ summary: 'Changes a contact; active: false deactivates it (it stays on record)' })
  @ApiOkResponse({ type: CustomerView })
  @ApiBadRequestResponse({ description: 'A field is invalid (named in the message)' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No such customer, or no such contact of it' })
  @ApiConflictResponse({ description: 'The address is already another contact of this customer' })
  async updateContact(
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() dto: UpdateContactDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<CustomerView> {
    return customerViewOf(await this.customers.updateContact(id, contactId, dto, actorOf(staff)));
  }
}
