import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, ApiForbiddenResponse, ApiBadRequestResponse } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { DeliveriesService } from './deliveries.service';
import { deliveryViewOf, DeliveryView, ListDeliveriesQuery, ProgressQuery, ProgressView } from './delivery.dto';

@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid token' })
@ApiForbiddenResponse({ description: 'The token has none of the roles allowed' })
@ApiBadRequestResponse({ description: 'A query parameter is invalid; the message names it' })
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles('auditor', 'admin', 'compliance', 'responder')
  @ApiOperation({ summary: 'One record per email, with its status put together from what was recorded about it; paged, filters applied before the page. Responders see breach notices only.' })
  @ApiOkResponse({ type: [DeliveryView] })
  async list(@Query() query: ListDeliveriesQuery, @CurrentStaff() staff: StaffPrincipal): Promise<DeliveryView[]> {
    const { offset = 0, limit = 1000, ...filter } = query;
    // A responder sees who a breach notice went to (the affected customers' contacts), not the
    // recipients of every change notice: that would be the whole directory.
    const scope = staff.roles.some((r) => r !== 'responder') ? {} : { sourceType: 'breach' as const };
    return (await this.deliveries.list({ ...filter, ...scope }, { offset, limit })).map(deliveryViewOf);
  }

  @Get('progress')
  @Roles('auditor', 'admin', 'compliance', 'responder')
  @ApiOperation({ summary: 'How far the emails of one change or breach have got, while they are being sent' })
  @ApiOkResponse({ type: ProgressView })
  progress(@Query() query: ProgressQuery): Promise<ProgressView> {
    return this.deliveries.progress(query.sourceId);
  }
}
