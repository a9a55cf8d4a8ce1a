import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ServiceConfig } from '@forewarn/platform';
import { MINIMUM_NOTICE_PERIOD_DAYS } from './changes/domain/notice-period';

export class RegistryConfig extends ServiceConfig {
  override PORT = 3001;

  /** Days customers are told before a change takes effect: 30 or more, never less. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(MINIMUM_NOTICE_PERIOD_DAYS, { message: `NOTICE_PERIOD_DAYS must be at least ${MINIMUM_NOTICE_PERIOD_DAYS}` })
  NOTICE_PERIOD_DAYS = MINIMUM_NOTICE_PERIOD_DAYS;
}
