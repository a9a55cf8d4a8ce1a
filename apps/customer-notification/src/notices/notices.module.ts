import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { ChangeNoticeStatesModule } from './change-notice-states.module';
import { SubprocessorChangeEventsController } from './subprocessor-change-events.controller';

@Module({ imports: [CustomersModule, DeliveriesModule, ChangeNoticeStatesModule], controllers: [SubprocessorChangeEventsController] })
export class NoticesModule {}
