import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { Public } from '@forewarn/auth';
import { AdjustableClock, Clock } from './clock';

class AdvanceClockDto {
  @IsInt()
  @Min(0)
  advanceMs!: number;
}

/** Registered only when FOREWARN_TEST_CLOCK=1 (refused in production): lets tests move time. */
@ApiExcludeController()
@Controller('internal/test-clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @Post()
  @HttpCode(200)
  async advance(@Body() body: AdvanceClockDto): Promise<{ now: string }> {
    // Answers once every timer that came due has run, so a test can assert right after.
    const now = await (this.clock as AdjustableClock).advance(body.advanceMs);
    return { now: now.toISOString() };
  }
}
