import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Customer, CustomerSchema } from './customer.schema';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { DirectoryEvents } from './directory-events';
import { CustomerDirectoryOrder } from './directory-order/customer-directory-order';
import { DirectoryOrderPage, DirectoryOrderPageSchema } from './directory-order/directory-order-page.schema';
import { CustomerImportService } from './import/customer-import.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Customer.name, schema: CustomerSchema },
      { name: DirectoryOrderPage.name, schema: DirectoryOrderPageSchema },
    ]),
  ],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerImportService, CustomerDirectoryOrder, DirectoryEvents],
  exports: [CustomersService, CustomerDirectoryOrder, DirectoryEvents],
})
export class CustomersModule {}
