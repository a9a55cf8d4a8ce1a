import { Body, ConflictException, Controller, Get, HttpCode, Logger, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '@forewarn/auth';
import { CustomerPageErrorFilter, setPageHeaders, SIGNED_LINK_TOKEN as TOKEN, wantsJson } from '../customer-links/customer-page.filter';
import { SubscribeDto, SubscriptionRequestedView } from './subscribe.dto';
import { SubscriptionPage, SubscriptionPages } from './subscription-pages';
import { Subscriptions } from './subscriptions.service';

/** Requests to subscribe per client address and 10 minutes: enough to mistype twice. */
const SUBSCRIBE_LIMIT = { default: { limit: 5, ttl: 600_000 } };

/**
 * The public subscription to subprocessor change notices: the form, the confirmation link's page
 * (a GET shows a button, the POST confirms, so a mail scanner that opens links confirms nothing)
 * and the unsubscribe link's page (one POST ends it, as List-Unsubscribe-Post asks). No staff
 * token; rate-limited per client address.
 */
@ApiTags('public subscription')
@Controller('subscriptions')
@Public()
@UseGuards(ThrottlerGuard)
@UseFilters(CustomerPageErrorFilter)
@ApiTooManyRequestsResponse({ description: 'Too many requests from this client' })
@ApiBadRequestResponse({ description: 'Not an email address, or a link that is malformed, for another page, or for no subscription (an HTML page)' })
@ApiForbiddenResponse({ description: 'The link is forged or altered (an HTML page)' })
@ApiGoneResponse({ description: 'The confirmation link has expired (an HTML page)' })
export class SubscriptionPagesController {
  private readonly logger = new Logger(SubscriptionPagesController.name);

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly pages: SubscriptionPages,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The form to subscribe an email address to subprocessor change notices' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The form (text/html)' })
  form(@Res() res: Response): void {
    this.send(res, 200, 'form', { action: this.pages.path('') });
  }

  @Post()
  @HttpCode(202)
  @Throttle(SUBSCRIBE_LIMIT)
  @ApiOperation({
    summary: 'Asks for a subscription: a confirmation link is emailed (double opt-in)',
    description: 'The answer is the same whether the address is new, pending, subscribed or ended, so it tells nobody who subscribes. At most one confirmation email per address per 10 minutes, three a day.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces('text/html', 'application/json')
  @ApiBody({ type: SubscribeDto })
  @ApiAcceptedResponse({ type: SubscriptionRequestedView, description: 'Taken (a page, or this JSON)' })
  subscribe(@Body() body: SubscribeDto, @Req() req: Request, @Res() res: Response): void {
    let email: string;
    try {
      email = this.subscriptions.addressOf(body?.email);
    } catch (e) {
      if (wantsJson(req)) throw e;
      return this.send(res, 400, 'form', { action: this.pages.path(''), email: body?.email, problem: 'Enter an email address, like name@example.com.' });
    }
    // Answered before the work, so how long it takes cannot tell a new address from a known one.
    this.subscriptions.request(email).catch((e: unknown) => this.logger.warn(`subscription request failed (the person may ask again): ${e instanceof Error ? e.message : String(e)}`));
    if (wantsJson(req)) {
      setPageHeaders(res);
      res.status(202).json({ status: 'requested', message: 'If the address can receive our emails, a link to confirm the subscription is on its way.' });
      return;
    }
    this.send(res, 202, 'requested', { email });
  }

  @Get('confirm/:token')
  @ApiOperation({ summary: 'The confirmation link: a page with the button that confirms' })
  @ApiParam(TOKEN)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page (text/html)' })
  async confirmPage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const subscriber = await this.subscriptions.ofLink(token, 'confirm');
    this.send(res, 200, 'confirm', { email: subscriber.email, action: this.pages.path(`/confirm/${encodeURIComponent(token)}`) });
  }

  @Post('confirm/:token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirms the subscription (again: nothing changes)' })
  @ApiParam(TOKEN)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Subscribed (text/html)' })
  @ApiConflictResponse({ description: 'The subscription was ended since: subscribe again' })
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    try {
      const subscriber = await this.subscriptions.confirm(token);
      this.send(res, 200, 'confirmed', { email: subscriber.email });
    } catch (e) {
      if (!(e instanceof ConflictException)) throw e;
      this.send(res, 409, 'ended', { message: e.message });
    }
  }

  @Get('unsubscribe/:token')
  @ApiOperation({ summary: 'The unsubscribe link: a page with the button that unsubscribes' })
  @ApiParam(TOKEN)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page (text/html)' })
  async unsubscribePage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const subscriber = await this.subscriptions.ofLink(token, 'unsubscribe');
    this.send(res, 200, 'unsubscribe', { email: subscriber.email, action: this.pages.path(`/unsubscribe/${encodeURIComponent(token)}`) });
  }

  @Post('unsubscribe/:token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends the subscription at once: the page\'s button, or a mail client\'s one-click POST (RFC 8058, body List-Unsubscribe=One-Click)' })
  @ApiParam(TOKEN)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed (text/html)' })
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const subscriber = await this.subscriptions.unsubscribe(token);
    this.send(res, 200, 'unsubscribed', { email: subscriber.email });
  }

  private send(res: Response, status: number, page: SubscriptionPage, values: Record<string, unknown>): void {
    setPageHeaders(res);
    res.status(status).type('html').send(this.pages.render(page, values));
  }
}
