import { IntSetting, ServiceConfig } from '@forewarn/platform';
import { MINIMUM_NOTICE_PERIOD_DAYS } from './changes/domain/notice-period';

export class RegistryConfig extends ServiceConfig {
  override PORT = 3001;

  /** Days customers are told before a change takes effect: 30 or more, never less. */
  @IntSetting(MINIMUM_NOTICE_PERIOD_DAYS)
  NOTICE_PERIOD_DAYS = MINIMUM_NOTICE_PERIOD_DAYS;
}
