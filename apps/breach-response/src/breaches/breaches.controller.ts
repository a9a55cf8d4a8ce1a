import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { BreachDeliveriesService } from '../deliveries/breach-deliveries.service';
import { TimelineService } from '../timeline/timeline.service';
import { ApiBadRequest, ApiBreachId, ApiStaffErrors } from './breach.api';
import {
  Art34ExemptionDto,
  AuthorityNotificationDto,
  CreateBreachDto,
  CustomerNoticeDto,
  CustomerNoticePreviewDto,
  DataSubjectNotificationDto,
  BreachDeadlineParams,
  ListBreachesQuery,
  MissedReasonDto,
  TimelineNoteDto,
  TransitionDto,
  UpdateBreachDto,
} from './breach.dto';
import { BreachErrorsFilter } from './breach.errors.filter';
import { BreachNotificationsService } from './breach-notifications.service';
import { BreachView, breachViewOf } from './breach.view';
import { BreachesService, BreachState } from './breaches.service';

const actorOf = (staff: StaffPrincipal) => `user:${staff.sub}`;

@ApiTags('breaches')
@ApiBearerAuth()
@ApiStaffErrors()
@UseFilters(BreachErrorsFilter)
@Controller('api/v1/breaches')
export class BreachesController {
  constructor(
    private readonly breaches: BreachesService,
    private readonly notifications: BreachNotificationsService,
    private readonly deliveries: BreachDeliveriesService,
    private readonly timeline: TimelineService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'every breach, newest first, with its deadlines and obligations' })
  @ApiBadRequest()
  async list(@Query() query: ListBreachesQuery): Promise<BreachView[]> {
    return (await this.breaches.list(query.status)).map((s) => breachViewOf(s));
  }

  @Post()
  @Roles('responder')
  @ApiCreatedResponse({ description: '{ id, reference, status: "reported", deadlines: { authorityReportDueAt?, customerNoticeDueAt? }, ... }' })
  @ApiUnprocessableEntityResponse({ description: 'the dates contradict each other or the clock (awareAt or occurredAt in the future, occurredAt after awareAt, occurredUntil before occurredAt)' })
  @ApiBadRequest()
  async report(@Body() dto: CreateBreachDto, @CurrentStaff() staff: StaffPrincipal): Promise<BreachView> {
    return breachViewOf(await this.breaches.report(dto, actorOf(staff)));
  }

  @Get(':id')
  @ApiBreachId()
  @ApiOkResponse({ description: 'the breach with its clocks, obligations and the delivery progress of each customer notice' })
  async get(@Param('id') id: string): Promise<BreachView> {
    return this.withDeliveries(await this.breaches.get(id));
  }

  @Patch(':id')
  @Roles('responder')
  @ApiBreachId()
  @ApiOkResponse({ description: 'the updated breach; a new awareAt, role, risk level or customer list recomputes the deadlines and moves their timers' })
  @ApiUnprocessableEntityResponse({ description: 'the dates contradict each other or the clock (awareAt or occurredAt in the future, occurredAt after awareAt, occurredUntil before occurredAt)' })
  @ApiBadRequest()
  async update(@Param('id') id: string, @Body() dto: UpdateBreachDto): Promise<BreachView> {
    return this.withDeliveries(await this.breaches.update(id, dto));
  }

  @Post(':id/transitions')
  @Roles('responder')
  @HttpCode(200)
  @ApiBreachId()
  @ApiOkResponse({ description: 'the breach in its new state' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'the move is not allowed now: { message, allowed: [states] }' })
  async transition(@Param('id') id: string, @Body() dto: TransitionDto): Promise<BreachView> {
    return this.withDeliveries(await this.breaches.transition(id, dto.to, dto.reason));
  }

  @Post(':id/customer-notices/preview')
  @HttpCode(200)
  @ApiBreachId()
  @ApiOkResponse({ description: '{ template, data, late }: the email template and the data a customer notice requested now would carry (nothing is sent or recorded); render it with the notification service\'s POST /api/v1/templates/:name/preview' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'customers are not owed a notice (role controller, no awareAt, or not a breach)' })
  @ApiBody({ type: CustomerNoticePreviewDto, required: false, description: 'optional: the message to add; without a body, the notice as it stands' })
  async previewCustomerNotice(@Param('id') id: string, @Body() dto: CustomerNoticePreviewDto) {
    return this.notifications.previewCustomerNotice(id, dto.message);
  }

  @Post(':id/customer-notices')
  @Roles('responder')
  @HttpCode(202)
  @ApiBreachId()
  @ApiAcceptedResponse({ description: '{ noticeId, eventId, phase, requestedAt }: the notification service emails the affected customers\' breach contacts' })
  @ApiUnprocessableEntityResponse({ description: 'the deadline has passed and no lateReason is given' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'customers are not owed a notice (role controller, no awareAt, or not a breach)' })
  async requestCustomerNotice(@Param('id') id: string, @Body() dto: CustomerNoticeDto, @CurrentStaff() staff: StaffPrincipal) {
    const notice = await this.notifications.requestCustomerNotice(id, dto.message, dto.lateReason, actorOf(staff));
    return { noticeId: notice.noticeId, eventId: notice.eventId, phase: notice.phase, requestedAt: notice.requestedAt.toISOString() };
  }

  @Post(':id/authority-notifications')
  @Roles('responder')
  @ApiBreachId()
  @ApiCreatedResponse({ description: 'the report to the ICO (initial, then follow-up) is recorded on the breach with its content snapshot' })
  @ApiUnprocessableEntityResponse({ description: 'submittedAt is in the future, or the deadline has passed and no lateReason is given' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'no report to the authority is required for this breach' })
  async recordAuthorityNotification(@Param('id') id: string, @Body() dto: AuthorityNotificationDto, @CurrentStaff() staff: StaffPrincipal): Promise<BreachView> {
    return this.withDeliveries(await this.notifications.recordAuthorityNotification(id, dto, actorOf(staff)));
  }

  @Post(':id/data-subject-notifications')
  @Roles('responder')
  @ApiBreachId()
  @ApiCreatedResponse({ description: 'the notice to data subjects (Art. 34) is recorded' })
  @ApiUnprocessableEntityResponse({ description: 'sentAt is in the future' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'the company owes no Art. 34 notice: the risk is not high, or it is processor only (the controllers decide)' })
  async recordDataSubjectNotification(@Param('id') id: string, @Body() dto: DataSubjectNotificationDto, @CurrentStaff() staff: StaffPrincipal): Promise<BreachView> {
    return this.withDeliveries(await this.notifications.recordDataSubjectNotification(id, dto, actorOf(staff)));
  }

  @Post(':id/art34-exemption')
  @Roles('responder')
  @HttpCode(200)
  @ApiBreachId()
  @ApiOkResponse({ description: 'the Art. 34(3) exemption is recorded: the data subjects\' notice no longer holds the breach open' })
  @ApiBadRequest()
  @ApiConflictResponse({ description: 'the company owes no Art. 34 notice (processor only, or risk not high), or the data subjects were already told' })
  async recordArt34Exemption(@Param('id') id: string, @Body() dto: Art34ExemptionDto, @CurrentStaff() staff: StaffPrincipal): Promise<BreachView> {
    return this.withDeliveries(await this.notifications.recordArt34Exemption(id, dto, actorOf(staff)));
  }

  @Post(':id/deadlines/:kind/missed-reason')
  @Roles('responder')
  @HttpCode(200)
  @ApiBreachId()
  @ApiOkResponse({ description: 'the reason is recorded and published on deadline-missed' })
  @ApiBadRequest()
  async recordMissedReason(@Param('id') id: string, @Param() params: BreachDeadlineParams, @Body() dto: MissedReasonDto): Promise<BreachView> {
    return this.withDeliveries(await this.notifications.recordMissedReason(id, params.kind, dto.reason));
  }

  @Get(':id/timeline')
  @ApiBreachId()
  @ApiOkResponse({ description: 'the timeline, oldest first: { seq, at, actor, kind, text, prevHash, hash }' })
  async timelineOf(@Param('id') id: string) {
    const breach = await this.breaches.find(id);
    return (await this.timeline.list(breach.id)).map(({ _id, entryId: _e, ...entry }) => ({ id: _id, ...entry }));
  }

  @Post(':id/timeline')
  @Roles('responder')
  @ApiBreachId()
  @ApiCreatedResponse({ description: 'the note joined the hash chain; answers the timeline' })
  @ApiBadRequest()
  async addNote(@Param('id') id: string, @Body() dto: TimelineNoteDto) {
    const breachId = await this.breaches.addTimelineNote(id, dto.text);
    return this.timelineOf(breachId);
  }

  @Get(':id/timeline/verify')
  @ApiBreachId()
  @ApiOkResponse({
    description:
      '{ valid: true, entries, chain, publishedHeads } or { valid: false, entries, brokenAt, brokenEntryId, reason, chain, publishedHeads } naming the first broken entry: ' +
      '`chain` holds the entries against the head recorded with the breach, `publishedHeads` against every head published as the chain grew',
  })
  async verifyTimeline(@Param('id') id: string) {
    return this.timeline.verify((await this.breaches.find(id)).id);
  }

  private async withDeliveries(state: BreachState): Promise<BreachView> {
    return breachViewOf(state, await this.deliveries.progressOf(state.breach.customerNotices.map((n) => n.eventId)));
  }
}
