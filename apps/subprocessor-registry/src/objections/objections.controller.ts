import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { ApiIdParam, ApiInvalid, ApiStaff, ConflictView, ErrorView, ParseIdPipe } from '../http/api-docs';
import { ObjectionView, ResolveObjectionDto } from './objection.dto';
import { ObjectionsService } from './objections.service';

/** Objections arrive from `customer.objections.v1` (see `CustomerEventsController`); the compliance team resolves them here. */
@ApiTags('changes')
@Controller('api/v1/changes')
export class ObjectionsController {
  constructor(private readonly objections: ObjectionsService) {}

  @Post(':id/objections/:objectionId/resolve')
  @Roles('compliance')
  @HttpCode(200)
  @ApiStaff('compliance')
  @ApiIdParam('id', 'change')
  @ApiParam({ name: 'objectionId', schema: { type: 'string', minLength: 1 }, description: 'the objection id from the objection event' })
  @ApiInvalid('the body')
  @ApiOkResponse({ type: ObjectionView, description: 'the objection, now resolved, with the note' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'no objection with this id on this change' })
  @ApiConflictResponse({ type: ConflictView, description: 'the objection is not open (already resolved, or withdrawn)' })
  resolve(
    @Param('id', new ParseIdPipe()) changeId: string,
    @Param('objectionId') objectionId: string,
    @Body() dto: ResolveObjectionDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ObjectionView> {
    return this.objections.resolve(changeId, objectionId, dto.note, `user:${staff.sub}`);
  }
}
