import { Controller, Get, Header, Inject, NotFoundException, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@forewarn/auth';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { ErrorView } from '../http/api-docs';
import { isFeedEvent } from '../list-versions/domain/list-version';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { RegistryConfig } from '../registry.config';
import { renderAtomFeed } from './atom-feed';
import { ListAsOfQuery, PublicList } from './public-list.dto';
import { renderPublicPage } from './public-page';

const FEED_LENGTH = 50;

/** The public, unauthenticated view: the subprocessors in force, the changes announced, their feed and history. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ type: ErrorView, description: 'more than PUBLIC_RATE_LIMIT_PER_MINUTE requests a minute from this address' })
@Controller()
export class PublicListController {
  constructor(
    private readonly versions: ListVersionsService,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  @Get('subprocessors.json')
  @ApiOkResponse({ type: PublicList, description: 'the subprocessors in force and the announced changes, now or as of ?version / ?at' })
  @ApiBadRequestResponse({ type: ErrorView, description: 'version is not a whole number of at least 1, or at is not a date-time' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'no such version, no version as early as at, or (both given) that version was published after at' })
  async list(@Query() query: ListAsOfQuery): Promise<PublicList> {
    return this.resolve(query);
  }

  @Get('subprocessors')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the list as an HTML page, now or as of ?version / ?at' })
  @ApiBadRequestResponse({ type: ErrorView, description: 'version is not a whole number of at least 1, or at is not a date-time' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'no such version, no version as early as at, or (both given) that version was published after at' })
  async page(@Query() query: ListAsOfQuery): Promise<string> {
    const shown = await this.resolve(query);
    const past = query.version !== undefined || query.at !== undefined;
    return renderPublicPage({
      list: shown,
      noticePeriodDays: this.config.NOTICE_PERIOD_DAYS,
      subscribeUrl: this.config.SUBSCRIPTION_PAGE_URL,
      lastUpdated: shown.lastUpdatedAt ? new Date(shown.lastUpdatedAt) : undefined,
      versionNumber: shown.version,
      ...(past && shown.version ? { pastVersion: { number: shown.version, at: new Date(shown.lastUpdatedAt!) } } : {}),
    });
  }

  @Get('subprocessors/feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: `Atom 1.0: the latest ${FEED_LENGTH} announcements, reschedules, cancellations and effective changes` })
  async feed(): Promise<string> {
    const versions = await this.versions.newest(FEED_LENGTH * 2);
    const shown = versions.filter((v) => isFeedEvent(v.event)).slice(0, FEED_LENGTH);
    return renderAtomFeed(this.config.PUBLIC_BASE_URL.replace(/\/$/, ''), shown);
  }

  private async resolve(query: ListAsOfQuery): Promise<PublicList> {
    if (query.version !== undefined || query.at !== undefined) {
      const past = query.version !== undefined ? await this.versions.get(query.version) : await this.versions.at(new Date(query.at!));
      // Both given: that version, as someone could have read it at that moment.
      if (query.version !== undefined && query.at !== undefined && new Date(past.at) > new Date(query.at)) {
        throw new NotFoundException(`version ${query.version} was published after ${query.at}`);
      }
      const { version, at, event, subprocessors, upcomingChanges } = past;
      return { subprocessors, upcomingChanges, version, lastUpdatedAt: new Date(at).toISOString(), event };
    }
    const [current, latest] = await Promise.all([this.versions.current(), this.versions.latest()]);
    return { ...current, ...(latest ? { version: latest.version, lastUpdatedAt: new Date(latest.at).toISOString() } : {}) };
  }
}
