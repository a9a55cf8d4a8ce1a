import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { CreateCustomerDto, CustomerView, customerViewOf } from './customer.dto';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  async list(): Promise<CustomerView[]> {
    return (await this.customers.list()).map(customerViewOf);
  }

  @Post()
  @Roles('admin')
  async create(@Body() dto: CreateCustomerDto, @CurrentStaff() staff: StaffPrincipal): Promise<CustomerView> {
    return customerViewOf(await this.customers.create(dto, `user:${staff.sub}`));
  }
}
