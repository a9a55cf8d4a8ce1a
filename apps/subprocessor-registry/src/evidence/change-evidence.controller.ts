import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '@forewarn/auth';
import { sendBundle } from '@forewarn/evidence';
import { ApiIdParam, ApiStaff, ErrorView, ParseIdPipe } from '../http/api-docs';
import { ChangeEvidence } from './change-evidence.service';

@ApiTags('evidence')
@Controller('api/v1/changes')
export class ChangeEvidenceController {
  constructor(private readonly evidence: ChangeEvidence) {}

  @Get(':id/evidence-bundle')
  @Roles('compliance', 'auditor')
  @ApiStaff('compliance or auditor')
  @ApiIdParam('id', 'change')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    description:
      'A zip an auditor checks offline with `npm run verify-bundle`: the change with its history, the notice as announced, the public list before and after, ' +
      'the objections and their resolutions, the proof of notice (CSV and JSON) from the notification service, its email templates, the audit entries, ' +
      'and manifest.json (each file\'s SHA-256) signed in manifest.sig (Ed25519; the key is at /.well-known/forewarn-evidence-key)',
  })
  @ApiNotFoundResponse({ type: ErrorView, description: 'no such change' })
  @ApiConflictResponse({ type: ErrorView, description: 'the change is a draft, or the notification service has no notice of it yet' })
  @ApiBadGatewayResponse({ type: ErrorView, description: 'the notification service cannot be reached' })
  async bundle(
    @Param('id', new ParseIdPipe()) id: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Headers('authorization') authorization: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const bundle = await this.evidence.prepare(id, `user:${staff.sub}`, authorization, `${request.protocol}://${request.get('host')}`);
    await sendBundle(response, bundle);
  }
}
