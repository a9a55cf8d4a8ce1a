import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { Public } from '@forewarn/auth';
import { BrokerHealthIndicator } from './broker-health.indicator';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly broker: BrokerHealthIndicator,
  ) {}

  /** 200 only when both the database and Kafka answer; 503 with the failing part otherwise. */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.mongo.pingCheck('database', { timeout: 3000 }), () => this.broker.check('kafka')]);
  }
}
