import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@forewarn/auth';
import { MetricsRegistry } from './service-metrics';

/** Prometheus scrapes without a staff token; keep /metrics off the public network in production. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  index(): Promise<string> {
    return this.registry.metrics();
  }
}
