import { DeliveryIdTable } from './delivery-id-table';
import { EmailFacts, OutcomeFact } from './domain/delivery-status';

const KINDS = ['sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
type Texts = { subject?: string; detail: Partial<Record<OutcomeFact['kind'], string>>; attempts?: number };

/**
 * What a report needs of each email's recorded outcomes, by delivery id, packed: the times in one
 * typed array, the SES id and template version beside them, template names shared, ids as digests.
 * A lean index (the SES reports behind a proof of notice) holds no object per email; a full one
 * (the deliveries list) also keeps subjects and SES's words. Facts are rebuilt as objects one email at a time, when read.
 */
export class OutcomeIndex {
  private readonly slots = new DeliveryIdTable();
  private times = new Float64Array(KINDS.length * 1024);
  private versions = new Int32Array(1024);
  private readonly sesIds: (string | undefined)[] = [];
  private readonly templateOf: number[] = [];
  private readonly templates: string[] = [];
  private readonly texts = new Map<number, Texts>();

  constructor(private readonly lean: boolean) {}

  add(deliveryId: string, o: OutcomeFact): void {
    const slot = this.slotOf(deliveryId);
    this.times[slot * KINDS.length + KINDS.indexOf(o.kind)] = o.at.getTime();
    if (o.kind === 'sent') {
      this.sesIds[slot] = o.sesMessageId;
      this.versions[slot] = o.templateVersion ?? 0;
      if (o.template) this.templateOf[slot] = this.templateIndex(o.template);
    }
    if (this.lean || (!o.subject && !o.detail && o.attempts === undefined)) return;
    const texts = this.texts.get(slot) ?? { detail: {} };
    if (o.subject) texts.subject = o.subject;
    if (o.detail) texts.detail[o.kind] = o.detail;
    if (o.attempts !== undefined) texts.attempts = o.attempts;
    this.texts.set(slot, texts);
  }

  factsOf(deliveryId: string): EmailFacts {
    const slot = this.slots.get(deliveryId);
    if (slot === undefined) return {};
    const at = (kind: (typeof KINDS)[number]) => {
      const ms = this.times[slot * KINDS.length + KINDS.indexOf(kind)];
      return ms ? new Date(ms) : undefined;
    };
    const texts = this.texts.get(slot);
    const facts: EmailFacts = {};
    const sentAt = at('sent');
    if (sentAt) {
      const template = this.templateOf[slot] === undefined ? undefined : this.templates[this.templateOf[slot]];
      facts.sent = { at: sentAt, sesMessageId: this.sesIds[slot], template, templateVersion: this.versions[slot] || undefined, ...(texts?.subject ? { subject: texts.subject } : {}) };
    }
    for (const kind of ['delivered', 'bounced', 'complained', 'failed'] as const) {
      const when = at(kind);
      if (!when) continue;
      const detail = texts?.detail[kind];
      facts[kind] = { at: when, ...(detail ? { detail } : {}), ...(kind === 'failed' && texts?.attempts !== undefined ? { attempts: texts.attempts } : {}) };
    }
    return facts;
  }

  private slotOf(deliveryId: string): number {
    const slot = this.slots.add(deliveryId);
    if ((slot + 1) * KINDS.length > this.times.length) {
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
      const versions = new Int32Array(this.versions.length * 2);
      versions.set(this.versions);
      this.versions = versions;
    }
    return slot;
  }

  private templateIndex(name: string): number {
    const known = this.templates.indexOf(name);
    return known >= 0 ? known : this.templates.push(name) - 1;
  }
}
