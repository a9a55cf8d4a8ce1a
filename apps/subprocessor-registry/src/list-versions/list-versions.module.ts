import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChangeNotice, ChangeNoticeSchema } from '../changes/change-notice.schema';
import { Subprocessor, SubprocessorSchema } from '../subprocessors/subprocessor.schema';
import { ListVersionRecord, ListVersionSchema } from './list-version.schema';
import { ListVersionsService } from './list-versions.service';

/** The numbered versions of the public list. It reads the records' models directly, so writers of both can depend on it. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ListVersionRecord.name, schema: ListVersionSchema },
      { name: Subprocessor.name, schema: SubprocessorSchema },
      { name: ChangeNotice.name, schema: ChangeNoticeSchema },
    ]),
  ],
  providers: [ListVersionsService],
  exports: [ListVersionsService],
})
export class ListVersionsModule {}
