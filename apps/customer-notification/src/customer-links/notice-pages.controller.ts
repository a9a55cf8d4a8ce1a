import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '@forewarn/auth';
import { CustomerPageErrorFilter, setPageHeaders, SIGNED_LINK_TOKEN as TOKEN, wantsJson } from './customer-page.filter';
import { CustomerNotices } from './customer-notices.service';
import { NoticePages } from './notice-pages';
import { ApprovalReceiptView, ObjectionDto, ObjectionReceiptView } from './objection.dto';


/**
 * The pages a customer's contact reaches from a change email: the notice, and an objection form.
 * No staff token: the signed link is the credential. Rate-limited per client address.
 */
@ApiTags('customer pages')
@Controller('n')
@Public()
@UseGuards(ThrottlerGuard)
@UseFilters(CustomerPageErrorFilter)
@ApiBadRequestResponse({ description: 'The token is malformed (an HTML page)' })
@ApiForbiddenResponse({ description: 'The token is forged or altered, or the contact is no longer active (an HTML page)' })
@ApiNotFoundResponse({ description: 'The token names a notice, customer or contact we do not know (an HTML page)' })
@ApiGoneResponse({ description: 'The link has expired (an HTML page)' })
@ApiTooManyRequestsResponse({ description: 'Over NOTICE_PAGE_RATE_LIMIT requests per NOTICE_PAGE_RATE_TTL_MS from this client' })
export class NoticePagesController {
  constructor(
    private readonly notices: CustomerNotices,
    private readonly pages: NoticePages,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: 'The change notice as a page, with the objection form while objections are open' })
  @ApiParam(TOKEN)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The notice page (text/html)' })
  async notice(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const view = await this.notices.open(token);
    setPageHeaders(res);
    res.status(200).type('html').send(this.pages.noticePage(view, token));
  }

  @Post(':token/objection')
  @ApiOperation({
    summary: 'Records an objection to the change and publishes objection-received',
    description:
      'From the page (application/x-www-form-urlencoded) the answer is a confirmation page; with application/json it is JSON. ' +
      'A second objection by the same contact to the same change answers 200 "already received" and records nothing.',
  })
  @ApiParam(TOKEN)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces('text/html', 'application/json')
  @ApiBody({ type: ObjectionDto })
  @ApiCreatedResponse({ type: ObjectionReceiptView, description: 'Recorded (confirmation page, or this JSON)' })
  @ApiOkResponse({ type: ObjectionReceiptView, description: 'This contact had already objected; nothing new recorded' })
  @ApiBadRequestResponse({ description: 'reason is missing, empty or over 4,000 characters (the page is shown again with the problem), or the token is malformed' })
  @ApiConflictResponse({ description: 'The change took effect or was cancelled: objections are closed' })
  async object(@Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    setPageHeaders(res);
    const dto = plainToInstance(ObjectionDto, typeof body === 'object' && body !== null ? body : {});
    const problems = validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {}));
    if (problems.length > 0) {
      if (wantsJson(req)) {
        res.status(400).json({ statusCode: 400, message: problems, error: 'Bad Request' });
        return;
      }
      const view = await this.notices.open(token);
      const problem = problems[0].replace(/^reason: /, '');
      res.status(400).type('html').send(this.pages.noticePage(view, token, { problem: `${problem[0].toUpperCase()}${problem.slice(1)}.`, reason: String(dto.reason ?? '') }));
      return;
    }
    const { notice, objection, created } = await this.notices.object(token, dto.reason);
    const status = created ? 201 : 200;
    if (wantsJson(req)) {
      const receipt: ObjectionReceiptView = {
        objectionId: objection._id,
        changeId: objection.changeId,
        status: created ? 'received' : 'already-received',
        receivedAt: new Date(objection.receivedAt).toISOString(),
      };
      res.status(status).json(receipt);
      return;
    }
    res.status(status).type('html').send(this.pages.confirmationPage(notice, token, created));
  }

  @Post(':token/approval')
  @ApiOperation({
    summary: "Records the customer's approval of a change it must specifically authorise, and publishes authorisation-given",
    description:
      'For customers whose terms ask for specific prior authorisation. One approval per customer: a second, from any of its contacts, answers 200 "already approved". ' +
      'From the page the answer is a confirmation page; with Accept: application/json it is JSON.',
  })
  @ApiParam(TOKEN)
  @ApiProduces('text/html', 'application/json')
  @ApiCreatedResponse({ type: ApprovalReceiptView, description: 'Recorded (confirmation page, or this JSON)' })
  @ApiOkResponse({ type: ApprovalReceiptView, description: 'The customer had already approved; nothing new recorded' })
  @ApiConflictResponse({ description: "The customer's terms do not ask for its authorisation, or the change was cancelled or took effect" })
  async approve(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    setPageHeaders(res);
    const { notice, approval, created } = await this.notices.approve(token);
    const status = created ? 201 : 200;
    if (wantsJson(req)) {
      const receipt: ApprovalReceiptView = { approvalId: approval._id, changeId: approval.changeId, status: created ? 'approved' : 'already-approved', givenAt: new Date(approval.givenAt).toISOString() };
      res.status(status).json(receipt);
      return;
    }
    res.status(status).type('html').send(this.pages.approvalPage({ ...notice, authorisation: { open: true, approval } }, token, created));
  }
}
