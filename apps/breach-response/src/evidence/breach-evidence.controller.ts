import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffPrincipal } from '@forewarn/auth';
import { sendBundle } from '@forewarn/evidence';
import { ApiBreachId, ApiStaffErrors } from '../breaches/breach.api';
import { BreachEvidence } from './breach-evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@ApiStaffErrors()
@Controller('api/v1/breaches')
export class BreachEvidenceController {
  constructor(private readonly evidence: BreachEvidence) {}

  @Get(':id/evidence-bundle')
  @ApiBreachId()
  @ApiProduces('application/zip')
  @ApiOkResponse({
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    description:
      'A zip an auditor checks offline with `npm run verify-bundle`: the authority report (PDF, JSON), the breach, its customer notices with delivery counts, ' +
      'its deadlines, the timeline and its verification, the register row, the audit entries, and manifest.json (each file\'s SHA-256) signed in manifest.sig (Ed25519; ' +
      'the key is at /.well-known/forewarn-evidence-key)',
  })
  async bundle(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const bundle = await this.evidence.prepare(id, `user:${staff.sub}`, `${request.protocol}://${request.get('host')}`);
    await sendBundle(response, bundle);
  }
}
