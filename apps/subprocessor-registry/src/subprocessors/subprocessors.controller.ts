import { Body, Controller, Get, Param, ParseArrayPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { NoNullFieldsPipe } from '@forewarn/platform';
import { ApiIdParam, ApiInvalid, ApiStaff, ConflictView, ParseIdPipe } from '../http/api-docs';
import { CreateSubprocessorDto, ImportReport, ListSubprocessorsQuery, SubprocessorView, UpdateSubprocessorDto, viewOf } from './subprocessor.dto';
import { SubprocessorsService } from './subprocessors.service';

@ApiTags('subprocessors')
@Controller('api/v1/subprocessors')
export class SubprocessorsController {
  constructor(private readonly subprocessors: SubprocessorsService) {}

  @Get()
  @ApiStaff()
  @ApiInvalid('the query')
  @ApiOkResponse({ type: [SubprocessorView], description: 'every subprocessor (or those with the status), with its status history' })
  async list(@Query() query: ListSubprocessorsQuery): Promise<SubprocessorView[]> {
    return (await this.subprocessors.list(query.status)).map(viewOf);
  }

  @Get(':id')
  @ApiStaff()
  @ApiIdParam('id', 'subprocessor')
  @ApiOkResponse({ type: SubprocessorView, description: 'the subprocessor with its status history' })
  async get(@Param('id', new ParseIdPipe()) id: string): Promise<SubprocessorView> {
    return viewOf(await this.subprocessors.get(id));
  }

  @Post()
  @Roles('compliance')
  @ApiStaff('compliance')
  @ApiInvalid('the body')
  @ApiCreatedResponse({ type: SubprocessorView, description: 'registered as pending; it reaches the public list when its addition takes effect' })
  @ApiConflictResponse({ type: ConflictView, description: 'a subprocessor with this name exists' })
  async register(@Body() dto: CreateSubprocessorDto, @CurrentStaff() staff: StaffPrincipal): Promise<SubprocessorView> {
    return viewOf(await this.subprocessors.register(dto, `user:${staff.sub}`));
  }

  @Patch(':id')
  @Roles('compliance')
  @ApiStaff('compliance')
  @ApiIdParam('id', 'subprocessor')
  @ApiOkResponse({ type: SubprocessorView, description: 'the edited subprocessor; an edit of one on the public list makes a new list version' })
  @ApiConflictResponse({
    type: ConflictView,
    description: 'a material field (purpose, locations, data categories, transfer mechanism…) of a subprocessor on the public list, which changes only through an update notice; a removed subprocessor; or a name already taken',
  })
  async edit(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() dto: UpdateSubprocessorDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<SubprocessorView> {
    return viewOf(await this.subprocessors.edit(id, dto, `user:${staff.sub}`));
  }

  @Post('import')
  @Roles('admin')
  @ApiStaff('admin')
  @ApiInvalid('an item of the array')
  @ApiBody({ type: [CreateSubprocessorDto], description: 'Subprocessors already in force; they become active without a notice.' })
  @ApiCreatedResponse({ type: ImportReport, description: 'names created and names that already existed (left alone)' })
  importInForce(
    @Body(new ParseArrayPipe({ items: CreateSubprocessorDto, whitelist: true, forbidNonWhitelisted: true }), new NoNullFieldsPipe())
    dtos: CreateSubprocessorDto[],
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ImportReport> {
    return this.subprocessors.importInForce(dtos, `user:${staff.sub}`);
  }
}
