import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomerTerms, CustomerTermsSchema } from './customer-terms.schema';
import { CustomerTermsService } from './customer-terms.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: CustomerTerms.name, schema: CustomerTermsSchema }])],
  providers: [CustomerTermsService],
  exports: [CustomerTermsService],
})
export class CustomerTermsModule {}
