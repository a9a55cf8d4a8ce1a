import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ListVersionsModule } from '../list-versions/list-versions.module';
import { Subprocessor, SubprocessorSchema } from './subprocessor.schema';
import { SubprocessorsController } from './subprocessors.controller';
import { SubprocessorsService } from './subprocessors.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Subprocessor.name, schema: SubprocessorSchema }]), ListVersionsModule],
  controllers: [SubprocessorsController],
  providers: [SubprocessorsService],
  exports: [SubprocessorsService],
})
export class SubprocessorsModule {}
