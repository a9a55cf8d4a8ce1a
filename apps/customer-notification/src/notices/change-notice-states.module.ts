import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChangeNoticeState, ChangeNoticeStateSchema } from './change-notice-state.schema';
import { ChangeNoticeStates } from './change-notice-states';

/**
 * The change read model on its own, so the customer-facing pages can import it without the
 * notices module (which itself needs the customer links: importing it would make a cycle).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: ChangeNoticeState.name, schema: ChangeNoticeStateSchema }])],
  providers: [ChangeNoticeStates],
  exports: [ChangeNoticeStates],
})
export class ChangeNoticeStatesModule {}
