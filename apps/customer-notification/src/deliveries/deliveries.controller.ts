import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeliveriesService } from './deliveries.service';
import { deliveryViewOf, DeliveryView, ListDeliveriesQuery } from './delivery.dto';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** One record per email; open to every staff role (auditors included). */
  @Get()
  async list(@Query() query: ListDeliveriesQuery): Promise<DeliveryView[]> {
    return (await this.deliveries.list(query)).map(deliveryViewOf);
  }
}
