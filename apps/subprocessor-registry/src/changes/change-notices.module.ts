import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChangeEvidenceController } from '../evidence/change-evidence.controller';
import { ChangeEvidence } from '../evidence/change-evidence.service';
import { ListVersionsModule } from '../list-versions/list-versions.module';
import { ObjectionsModule } from '../objections/objections.module';
import { SubprocessorsModule } from '../subprocessors/subprocessors.module';
import { ChangeNotice, ChangeNoticeSchema } from './change-notice.schema';
import { ChangeNoticesController } from './change-notices.controller';
import { ChangeNoticesService } from './change-notices.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: ChangeNotice.name, schema: ChangeNoticeSchema }]),
    SubprocessorsModule,
    ObjectionsModule,
    ListVersionsModule,
  ],
  controllers: [ChangeNoticesController, ChangeEvidenceController],
  providers: [ChangeNoticesService, ChangeEvidence],
  exports: [ChangeNoticesService],
})
export class ChangeNoticesModule {}
