import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { ApiIdParam, ApiInvalid, ApiStaff, ConflictView, ErrorView, NoticePeriodErrorView, ParseIdPipe } from '../http/api-docs';
import { AuthorisationDecisionDto, CancelChangeDto, ChangeNoticeView, CreateChangeNoticeDto, ListChangeNoticesQuery, NoticePeriodView, RescheduleChangeDto } from './change-notice.dto';
import { ChangeNoticeErrorsFilter } from './change-notice.errors.filter';
import { ChangeAuthorisationsService } from './change-authorisations.service';
import { ChangeNoticesService } from './change-notices.service';

const noticePeriodNotMet = ApiUnprocessableEntityResponse({
  type: NoticePeriodErrorView,
  description: 'effectiveAt leaves less than the notice period; the body names earliestEffectiveAt and noticePeriodDays',
});

@ApiTags('changes')
@UseFilters(ChangeNoticeErrorsFilter)
@Controller('api/v1/changes')
export class ChangeNoticesController {
  constructor(
    private readonly changes: ChangeNoticesService,
    private readonly authorisations: ChangeAuthorisationsService,
  ) {}

  @Get()
  @ApiStaff()
  @ApiInvalid('the query')
  @ApiOkResponse({ type: [ChangeNoticeView], description: 'the changes by effective date, each with its objections and their count' })
  async list(@Query() query: ListChangeNoticesQuery): Promise<ChangeNoticeView[]> {
    return this.changes.views(await this.changes.list(query.status));
  }

  @Get('notice-period')
  @ApiStaff()
  @ApiOkResponse({ type: NoticePeriodView, description: 'what a date form shows before it is submitted: the notice period and the earliest effective date if announced now' })
  noticePeriod(): Promise<NoticePeriodView> {
    return this.changes.noticePeriodNow();
  }

  @Get(':id')
  @ApiStaff()
  @ApiIdParam('id', 'change')
  @ApiOkResponse({ type: ChangeNoticeView, description: 'the change with its history, objections and their count, and the public list versions it made' })
  async get(@Param('id', new ParseIdPipe()) id: string): Promise<ChangeNoticeView> {
    return this.changes.view(id);
  }

  @Post()
  @Roles('compliance')
  @ApiStaff('compliance')
  @ApiInvalid('the body')
  @ApiCreatedResponse({ type: ChangeNoticeView, description: 'the draft change' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'subprocessorId or replacesSubprocessorId names no subprocessor' })
  @noticePeriodNotMet
  @ApiConflictResponse({ type: ConflictView, description: 'the subprocessors are not in the state the kind needs (e.g. adding one already on the list), or proposed values do not fit the kind' })
  async draft(@Body() dto: CreateChangeNoticeDto, @CurrentStaff() staff: StaffPrincipal): Promise<ChangeNoticeView> {
    return (await this.changes.views([await this.changes.draft(dto, `user:${staff.sub}`)]))[0];
  }

  @Post(':id/announce')
  @Roles('compliance')
  @HttpCode(200)
  @ApiStaff('compliance')
  @ApiIdParam('id', 'change')
  @ApiOkResponse({ type: ChangeNoticeView, description: 'announced: on the public list at once, customers are emailed' })
  @noticePeriodNotMet
  @ApiConflictResponse({ type: ConflictView, description: 'the change is not a draft, the incoming subprocessor has no DPA on record, or the subprocessors changed state' })
  async announce(@Param('id', new ParseIdPipe()) id: string, @CurrentStaff() staff: StaffPrincipal): Promise<ChangeNoticeView> {
    return (await this.changes.views([await this.changes.announce(id, `user:${staff.sub}`)]))[0];
  }

  @Post(':id/reschedule')
  @Roles('compliance')
  @HttpCode(200)
  @ApiStaff('compliance')
  @ApiIdParam('id', 'change')
  @ApiInvalid('the body')
  @ApiOkResponse({ type: ChangeNoticeView, description: 'the change with its new date (unchanged if the date is the same); its timers moved' })
  @noticePeriodNotMet
  @ApiConflictResponse({ type: ConflictView, description: 'the change is not announced, or changed meanwhile' })
  async reschedule(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() dto: RescheduleChangeDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ChangeNoticeView> {
    return (await this.changes.views([await this.changes.reschedule(id, dto, `user:${staff.sub}`)]))[0];
  }

  @Post(':id/cancel')
  @Roles('compliance')
  @HttpCode(200)
  @ApiStaff('compliance')
  @ApiIdParam('id', 'change')
  @ApiInvalid('the body')
  @ApiOkResponse({ type: ChangeNoticeView, description: 'cancelled; an announced change tells customers and leaves the public list' })
  @ApiConflictResponse({ type: ConflictView, description: 'the change is already effective, taking effect, or cancelled' })
  async cancel(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() dto: CancelChangeDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ChangeNoticeView> {
    return (await this.changes.views([await this.changes.cancel(id, dto.reason, `user:${staff.sub}`)]))[0];
  }

  /** For a customer under specific authorisation that has not approved: what compliance decided instead, and why. */
  @Post(':id/authorisations/:customerId/decision')
  @Roles('compliance')
  @HttpCode(200)
  @ApiStaff('compliance')
  @ApiIdParam('id', 'change')
  @ApiParam({ name: 'customerId', schema: { type: 'string', minLength: 1 }, description: 'a customer asked to authorise the change' })
  @ApiInvalid('the body')
  @ApiOkResponse({ type: ChangeNoticeView, description: 'the decision recorded (and audited); a change whose date has come takes effect once nobody is awaited' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'no such change, or the customer was not asked to authorise it' })
  @ApiConflictResponse({ type: ConflictView, description: 'the change is not announced, or the customer already approved or has a decision' })
  async decideAuthorisation(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('customerId') customerId: string,
    @Body() dto: AuthorisationDecisionDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ChangeNoticeView> {
    return (await this.changes.views([await this.authorisations.decide(id, customerId, dto.outcome, dto.reason, `user:${staff.sub}`)]))[0];
  }
}
