import { Body, Controller, Get, Param, ParseArrayPipe, Post, Query } from '@nestjs/common';
import { ParseObjectIdPipe } from '@nestjs/mongoose';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Types } from 'mongoose';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { CreateSubprocessorDto, ListSubprocessorsQuery, SubprocessorView, viewOf } from './subprocessor.dto';
import { SubprocessorsService } from './subprocessors.service';

@ApiTags('subprocessors')
@ApiBearerAuth()
@Controller('api/v1/subprocessors')
export class SubprocessorsController {
  constructor(private readonly subprocessors: SubprocessorsService) {}

  @Get()
  async list(@Query() query: ListSubprocessorsQuery): Promise<SubprocessorView[]> {
    return (await this.subprocessors.list(query.status)).map(viewOf);
  }

  @Get(':id')
  async get(@Param('id', ParseObjectIdPipe) id: Types.ObjectId): Promise<SubprocessorView> {
    return viewOf(await this.subprocessors.get(id));
  }

  @Post()
  @Roles('compliance')
  async register(@Body() dto: CreateSubprocessorDto, @CurrentStaff() staff: StaffPrincipal): Promise<SubprocessorView> {
    return viewOf(await this.subprocessors.register(dto, `user:${staff.sub}`));
  }

  @Post('import')
  @Roles('admin')
  @ApiBody({ type: [CreateSubprocessorDto], description: 'Subprocessors already in force; they become active without a notice.' })
  importInForce(
    @Body(new ParseArrayPipe({ items: CreateSubprocessorDto, whitelist: true, forbidNonWhitelisted: true }))
    dtos: CreateSubprocessorDto[],
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.subprocessors.importInForce(dtos, `user:${staff.sub}`);
  }
}
