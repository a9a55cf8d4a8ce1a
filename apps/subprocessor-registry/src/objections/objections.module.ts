import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Objection, ObjectionSchema } from './objection.schema';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Objection.name, schema: ObjectionSchema }])],
  controllers: [ObjectionsController],
  providers: [ObjectionsService],
  exports: [ObjectionsService],
})
export class ObjectionsModule {}
