import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@forewarn/audit';
import { BundleFile, EVIDENCE_KEY_PATH, PreparedBundle, EvidenceSigningKey, jsonArrayOf, softwareVersion, writeEvidenceBundle } from '@forewarn/evidence';
import { Clock, SERVICE_NAME } from '@forewarn/platform';
import { breachViewOf } from '../breaches/breach.view';
import { BreachesService } from '../breaches/breaches.service';
import { BreachDeliveriesService } from '../deliveries/breach-deliveries.service';
import { AuthorityReports } from '../reports/authority-reports';
import { registerRowOf } from '../reports/breach-register';
import { TimelineService } from '../timeline/timeline.service';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * One breach's evidence as a signed zip an auditor checks offline: the authority report (PDF and
 * JSON), the breach with its clocks and obligations, every customer notice with its delivery
 * counts, the deadlines met or missed and why, the timeline with its verification, the register
 * row and the audit entries (streamed from the trail as the zip is written).
 */
@Injectable()
export class BreachEvidence {
  constructor(
    private readonly breaches: BreachesService,
    private readonly deliveries: BreachDeliveriesService,
    private readonly timeline: TimelineService,
    private readonly reports: AuthorityReports,
    private readonly audit: AuditTrail,
    private readonly key: EvidenceSigningKey,
    private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  /** The file name, read before the first byte is written, so a bad id is still a clean 404. */
  async prepare(idOrReference: string, actor: string, origin: string): Promise<PreparedBundle> {
    const state = await this.breaches.get(idOrReference);
    const { breach } = state;
    const generatedAt = this.clock.now();
    const view = breachViewOf(state, await this.deliveries.progressOf(breach.customerNotices.map((n) => n.eventId)));
    const { entries, verdict: verification } = await this.timeline.listVerified(breach.id);
    const report = this.reports.reportOf(state);
    const files: BundleFile[] = [
      { path: 'authority-report.pdf', content: await this.reports.pdfOf(state, report) },
      { path: 'authority-report.json', content: json(report) },
      { path: 'breach.json', content: json(view) },
      { path: 'customer-notices.json', content: json(view.customerNotices) },
      { path: 'deadlines.json', content: json({ clocks: view.clocks, missed: view.missedDeadlines, obligations: view.obligations.map(({ notifications: _, ...o }) => o) }) },
      { path: 'timeline.json', content: json(entries.map(({ _id, entryId: _e, ...entry }) => ({ id: _id, ...entry }))) },
      { path: 'timeline-verification.json', content: json({ ...verification, recordedHead: breach.timelineHead ?? null }) },
      { path: 'register-row.json', content: json(registerRowOf(state)) },
      { path: 'audit-entries.json', content: () => jsonArrayOf(this.audit.stream({ entityType: 'breach', entityId: breach.id })) },
    ];
    await this.audit.record({ action: 'breach.evidence-bundle-generated', entityType: 'breach', entityId: breach.id, summary: breach.reference, changes: { actor } });
    return {
      fileName: `${breach.reference}-evidence.zip`,
      write: (output) =>
        writeEvidenceBundle(
          output,
          files,
          {
            subject: { kind: 'breach', id: breach.id, reference: breach.reference },
            generatedAt,
            generatedBy: actor,
            sources: {
              service: this.serviceName,
              softwareVersion: softwareVersion(),
              records: { breachVersion: breach.version, timelineHead: breach.timelineHead ? `${breach.timelineHead.seq}:${breach.timelineHead.hash}` : 'none' },
            },
            publicKeyUrl: `${origin}/${EVIDENCE_KEY_PATH}`,
          },
          this.key,
        ),
    };
  }
}
