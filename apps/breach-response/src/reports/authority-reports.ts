import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import type { BreachState } from '../breaches/breaches.service';
import { AuthorityReport, authorityReportOf } from './authority-report';
import { authorityReportPdf } from './authority-report.pdf';

/** The authority report of a breach as it stands now, with the organisation's settings. */
@Injectable()
export class AuthorityReports {
  constructor(
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: BreachConfig,
  ) {}

  reportOf(state: BreachState): AuthorityReport {
    return authorityReportOf(state, {
      organisationName: this.config.ORGANISATION_NAME,
      icoRegistrationNumber: this.config.ICO_REGISTRATION_NUMBER,
      contactPoint: this.config.DPO_CONTACT,
      now: this.clock.now(),
    });
  }

  pdfOf(state: BreachState, report = this.reportOf(state)): Promise<Buffer> {
    return authorityReportPdf(report, state.breach.timelineHead);
  }
}
