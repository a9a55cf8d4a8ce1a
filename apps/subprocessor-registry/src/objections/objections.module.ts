import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AggregateWrites } from '../aggregate-writes';
import { Objection, ObjectionSchema } from './objection.schema';
import { ObjectionsController } from './objections.controller';
import { ObjectionsService } from './objections.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Objection.name, schema: ObjectionSchema }])],
  controllers: [ObjectionsController],
  providers: [ObjectionsService, AggregateWrites],
  exports: [ObjectionsService],
})
export class ObjectionsModule {}
