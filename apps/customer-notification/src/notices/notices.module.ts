import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { SubprocessorChangeEventsController } from './subprocessor-change-events.controller';

@Module({ imports: [CustomersModule, DeliveriesModule], controllers: [SubprocessorChangeEventsController] })
export class NoticesModule {}
