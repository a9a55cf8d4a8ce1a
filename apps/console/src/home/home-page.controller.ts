import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '@forewarn/platform';
import type { Breach } from '../breaches/breach-form';
import { CLOCK_NAMES, clockFace } from '../breaches/breach-clocks';
import type { ChangeNotice } from '../changes/change-form';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff } from '../session/staff-page.guard';
import { StaffApi } from '../staff-api/staff-api';
import type { SourceProgress } from '@forewarn/contracts';
import { PageRenderer } from '../views/page-renderer';
import { changesToWatch, whatNeedsMe } from './what-needs-me';

@Controller()
export class HomePageController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Staff() staff: StaffSession, @Res() res: Response): Promise<void> {
    const now = this.clock.now();
    const [breaches, changes] = await Promise.all([
      this.api.get<Breach[]>(staff, 'breach', '/api/v1/breaches'),
      this.api.get<ChangeNotice[]>(staff, 'registry', '/api/v1/changes'),
    ]);
    const needs = whatNeedsMe(breaches, changes, now);
    // Per change being sent, its running counters (the small per-replica progress documents):
    // never a scan of the deliveries, which hold a row per email ever sent.
    const watched = changesToWatch(changes, now).slice(0, 20);
    const progress = await Promise.all(watched.map((c) => this.api.get<SourceProgress>(staff, 'notification', '/api/v1/deliveries/progress', { sourceId: c.id })));
    const sending = watched.map((change, i) => ({ change, progress: progress[i] }));
    const waiting = sending.filter((w) => w.progress.pending > 0);
    const changeProblems = sending.filter((w) => w.progress.bounced + w.progress.complained + w.progress.failed > 0);
    const breachProblems = breaches.flatMap((b) =>
      b.customerNotices.filter((n) => (n.deliveries?.bounced ?? 0) + (n.deliveries?.failed ?? 0) > 0).map((notice) => ({ breach: b, notice })),
    );
    this.pages.render(res, 'home', staff, {
      title: 'What needs you now',
      navHref: '/',
      deadlines: needs.deadlines.map((d) => ({ ...d, name: CLOCK_NAMES[d.clock.kind], face: clockFace(d.clock, now) })),
      missedWithoutReason: needs.missedWithoutReason.map((d) => ({ ...d, name: CLOCK_NAMES[d.clock.kind] })),
      takingEffect: needs.takingEffect,
      objections: needs.objections,
      changeProblems,
      breachProblems,
      waiting,
      responderFirst: staff.roles.includes('responder'),
    });
  }
}
