import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomerTermsModule } from '../customer-terms/customer-terms.module';
import { ChangeEvidenceController } from '../evidence/change-evidence.controller';
import { ChangeEvidence } from '../evidence/change-evidence.service';
import { ListVersionsModule } from '../list-versions/list-versions.module';
import { ObjectionsModule } from '../objections/objections.module';
import { SubprocessorsModule } from '../subprocessors/subprocessors.module';
import { ChangeNotice, ChangeNoticeSchema } from './change-notice.schema';
import { ChangeNoticesController } from './change-notices.controller';
import { ChangeAuthorisationsService } from './change-authorisations.service';
import { ChangeEffects } from './change-effects.service';
import { ChangeNoticesService } from './change-notices.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: ChangeNotice.name, schema: ChangeNoticeSchema }]),
    SubprocessorsModule,
    ObjectionsModule,
    ListVersionsModule,
    CustomerTermsModule,
  ],
  controllers: [ChangeNoticesController, ChangeEvidenceController],
  providers: [ChangeNoticesService, ChangeEffects, ChangeAuthorisationsService, ChangeEvidence],
  exports: [ChangeNoticesService, ChangeAuthorisationsService],
})
export class ChangeNoticesModule {}
