import { Module } from '@nestjs/common';
import { ChangeNoticesModule } from '../changes/change-notices.module';
import { CustomerTermsModule } from '../customer-terms/customer-terms.module';
import { ObjectionsModule } from '../objections/objections.module';
import { CustomerEventsController } from './customer-events.controller';

@Module({
  imports: [ObjectionsModule, CustomerTermsModule, ChangeNoticesModule],
  controllers: [CustomerEventsController],
})
export class CustomerEventsModule {}
