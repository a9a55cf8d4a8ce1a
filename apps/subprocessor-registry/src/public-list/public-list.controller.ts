import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@forewarn/auth';
import { SubprocessorSnapshot } from '@forewarn/contracts';
import { ChangeNoticesService } from '../changes/change-notices.service';
import { snapshotOf } from '../subprocessors/subprocessor.dto';
import { SubprocessorsService } from '../subprocessors/subprocessors.service';

export interface UpcomingChange {
  id: string;
  kind: string;
  summary: string;
  announcedAt: string;
  effectiveAt: string;
  subprocessor: SubprocessorSnapshot;
  replacesSubprocessor?: SubprocessorSnapshot;
}

/** The public, unauthenticated view: the subprocessors in force and the changes announced. */
@ApiTags('public')
@Controller()
export class PublicListController {
  constructor(
    private readonly subprocessors: SubprocessorsService,
    private readonly changes: ChangeNoticesService,
  ) {}

  @Public()
  @Get('subprocessors.json')
  async list(): Promise<{ subprocessors: SubprocessorSnapshot[]; upcomingChanges: UpcomingChange[] }> {
    const [active, announced] = await Promise.all([this.subprocessors.list('active'), this.changes.list('announced')]);
    return {
      subprocessors: active.map(snapshotOf),
      upcomingChanges: announced.map((c) => ({
        id: c.id as string,
        kind: c.kind,
        summary: c.summary,
        announcedAt: c.announcedAt!.toISOString(),
        effectiveAt: c.effectiveAt.toISOString(),
        subprocessor: c.subprocessor!,
        ...(c.replacesSubprocessor ? { replacesSubprocessor: c.replacesSubprocessor } : {}),
      })),
    };
  }
}
