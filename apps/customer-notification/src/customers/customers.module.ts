import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Customer, CustomerSchema } from './customer.schema';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { DirectoryEvents } from './directory-events';
import { CustomerImportService } from './import/customer-import.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Customer.name, schema: CustomerSchema }])],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerImportService, DirectoryEvents],
  exports: [CustomersService, DirectoryEvents],
})
export class CustomersModule {}
