import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { Public } from '@forewarn/auth';

@Public()
@Controller('health')
export class ConsoleHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
  ) {}

  /** 200 when the session database answers; the services report their own health. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.mongo.pingCheck('database', { timeout: 3000 })]);
  }
}
