import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from '@forewarn/auth';

/** Prometheus scrapes without a staff token; keep /metrics off the public network in production. */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Public()
  @Get()
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}
