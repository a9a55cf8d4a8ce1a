import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { AuditEntry, AuditTrail } from '@forewarn/audit';
import { BundleFile, EVIDENCE_KEY_PATH, PreparedBundle, EvidenceSigningKey, jsonArrayOf, softwareVersion, writeEvidenceBundle } from '@forewarn/evidence';
import { Clock, SERVICE_CONFIG, SERVICE_NAME } from '@forewarn/platform';
import { ChangeNoticeDocument } from '../changes/change-notice.schema';
import { ChangeNoticesService } from '../changes/change-notices.service';
import type { ListVersion } from '../list-versions/domain/list-version';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { RegistryConfig } from '../registry.config';
import { NotificationRecords } from './notification-records';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * One change's evidence as a signed zip: the change with its history and objections, the notice as
 * announced, the public list before and after it, the proof of notice (CSV and JSON, with the late
 * flags, streamed from the notification service), the email templates, and the audit entries of
 * the change and its objections.
 */
@Injectable()
export class ChangeEvidence {
  constructor(
    private readonly changes: ChangeNoticesService,
    private readonly listVersions: ListVersionsService,
    private readonly audit: AuditTrail,
    private readonly key: EvidenceSigningKey,
    private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  /** Everything that can refuse is asked before the first byte: a refusal is still a clean 4xx. */
  async prepare(id: string, actor: string, authorization: string, origin: string): Promise<PreparedBundle> {
    const change = await this.changes.get(id);
    if (change.status === 'draft') throw new ConflictException('a draft has not been announced: there is no notice to prove yet');
    const [view] = await this.changes.views([change]);
    const versions = await this.listVersions.ofChange(change.id);
    const before = versions[0] && versions[0].version > 1 ? await this.listVersions.get(versions[0].version - 1) : null;
    const notification = new NotificationRecords(this.config.NOTIFICATION_SERVICE_URL, authorization);
    const [proofCsv, proofJson, templates] = await Promise.all([
      notification.open(`/api/v1/proof-of-notice/${change.id}?format=csv`),
      notification.open(`/api/v1/proof-of-notice/${change.id}`),
      notification.open('/api/v1/templates'),
    ]);
    const objectionIds = (view.objections ?? []).map((o) => o.id);
    const files: BundleFile[] = [
      { path: 'change.json', content: json(view) },
      { path: 'notice-as-announced.json', content: json(asAnnounced(change, versions.find((v) => v.event.action === 'announced'))) },
      { path: 'list-version-before.json', content: json(before) },
      { path: 'list-version-after.json', content: json(versions.at(-1) ?? null) },
      { path: 'objections.json', content: json(view.objections ?? []) },
      { path: 'proof-of-notice.csv', content: proofCsv },
      { path: 'proof-of-notice.json', content: proofJson },
      { path: 'email-templates.json', content: templates },
      { path: 'audit-entries.json', content: () => jsonArrayOf(this.auditOf(change.id, objectionIds)) },
    ];
    await this.audit.record({ action: 'change.evidence-bundle-generated', entityType: 'change-notice', entityId: change.id, summary: change.summary.slice(0, 200), changes: { actor } });
    return {
      fileName: `change-${change.id}-evidence.zip`,
      write: (output) =>
        writeEvidenceBundle(
          output,
          files,
          {
            subject: { kind: 'change', id: change.id },
            generatedAt: this.clock.now(),
            generatedBy: actor,
            sources: {
              service: this.serviceName,
              softwareVersion: softwareVersion(),
              records: { changeVersion: change.get('version') as number, listVersions: versions.map((v) => v.version).join(',') || 'none' },
            },
            publicKeyUrl: `${origin}/${EVIDENCE_KEY_PATH}`,
          },
          this.key,
        ),
    };
  }

  private async *auditOf(changeId: string, objectionIds: string[]): AsyncIterable<AuditEntry> {
    yield* this.audit.stream({ entityType: 'change-notice', entityId: changeId });
    for (const id of objectionIds) yield* this.audit.stream({ entityType: 'objection', entityId: id });
  }
}

/** The notice as customers were first told it: the announcement, and the public list's entry for it then. */
function asAnnounced(change: ChangeNoticeDocument, announcedVersion: ListVersion | undefined) {
  const announced = change.history.find((h) => h.action === 'announced');
  return {
    kind: change.kind,
    summary: change.summary,
    subprocessor: change.subprocessor,
    replacesSubprocessor: change.replacesSubprocessor,
    announcedAt: announced?.at ?? change.announcedAt,
    announcedBy: announced?.by ?? change.announcedBy,
    effectiveAtAsAnnounced: announced?.effectiveAt ?? change.effectiveAt,
    noticePeriodDays: change.noticePeriodDays,
    listVersion: announcedVersion?.version ?? null,
    publicListEntry: announcedVersion?.upcomingChanges.find((u) => u.id === change.id) ?? null,
  };
}
