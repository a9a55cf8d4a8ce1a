import { ServiceConfig } from '@forewarn/platform';

export class BreachConfig extends ServiceConfig {
  override PORT = 3003;
}
