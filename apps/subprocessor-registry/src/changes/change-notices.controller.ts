import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ParseObjectIdPipe } from '@nestjs/mongoose';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Types } from 'mongoose';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { ChangeNoticeView, changeViewOf, CreateChangeNoticeDto, ListChangeNoticesQuery } from './change-notice.dto';
import { ChangeNoticeErrorsFilter } from './change-notice.errors.filter';
import { ChangeNoticesService } from './change-notices.service';

@ApiTags('changes')
@ApiBearerAuth()
@UseFilters(ChangeNoticeErrorsFilter)
@Controller('api/v1/changes')
export class ChangeNoticesController {
  constructor(private readonly changes: ChangeNoticesService) {}

  @Get()
  async list(@Query() query: ListChangeNoticesQuery): Promise<ChangeNoticeView[]> {
    return (await this.changes.list(query.status)).map(changeViewOf);
  }

  @Get(':id')
  async get(@Param('id', ParseObjectIdPipe) id: Types.ObjectId): Promise<ChangeNoticeView> {
    return changeViewOf(await this.changes.get(id));
  }

  @Post()
  @Roles('compliance')
  @ApiResponse({ status: 422, description: 'effectiveAt leaves less than the notice period; the body names earliestEffectiveAt' })
  async draft(@Body() dto: CreateChangeNoticeDto, @CurrentStaff() staff: StaffPrincipal): Promise<ChangeNoticeView> {
    return changeViewOf(await this.changes.draft(dto, `user:${staff.sub}`));
  }

  @Post(':id/announce')
  @Roles('compliance')
  @HttpCode(200)
  @ApiResponse({ status: 422, description: 'the notice period is not met; the body names earliestEffectiveAt' })
  @ApiResponse({ status: 409, description: 'the change is not a draft' })
  async announce(
    @Param('id', ParseObjectIdPipe) id: Types.ObjectId,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ChangeNoticeView> {
    return changeViewOf(await this.changes.announce(id, `user:${staff.sub}`));
  }
}
