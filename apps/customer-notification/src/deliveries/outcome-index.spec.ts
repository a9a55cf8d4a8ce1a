import { OutcomeIndex } from './outcome-index';

const at = (s: number) => new Date(Date.UTC(2027, 0, 1, 0, 0, s));

describe('OutcomeIndex', () => {
  it('gives back each email\'s facts as recorded, whatever order they came in', () => {
    const index = new OutcomeIndex(false);
    index.add('e:1', { kind: 'delivered', at: at(5) });
    index.add('e:1', { kind: 'sent', at: at(1), sesMessageId: 'm-1', template: 'announced', templateVersion: 2, subject: 'Notice' });
    index.add('e:2', { kind: 'failed', at: at(3), detail: 'MessageRejected', attempts: 1 });
    expect(index.factsOf('e:1')).toEqual({ sent: { at: at(1), sesMessageId: 'm-1', template: 'announced', templateVersion: 2, subject: 'Notice' }, delivered: { at: at(5) } });
    expect(index.factsOf('e:2')).toEqual({ failed: { at: at(3), detail: 'MessageRejected', attempts: 1 } });
    expect(index.factsOf('e:3')).toEqual({});
  });

  it('leaves out subjects and SES texts when lean, and grows past its first capacity', () => {
    const index = new OutcomeIndex(true);
    for (let i = 0; i < 3000; i++) index.add(`e:${i}`, { kind: 'sent', at: at(i % 60), sesMessageId: `m-${i}`, template: 'announced', templateVersion: 1, subject: 'Notice' });
    index.add('e:2999', { kind: 'bounced', at: at(59), detail: 'Permanent' });
    expect(index.factsOf('e:0')).toEqual({ sent: { at: at(0), sesMessageId: 'm-0', template: 'announced', templateVersion: 1 } });
    expect(index.factsOf('e:2999')).toEqual({ sent: { at: at(59), sesMessageId: 'm-2999', template: 'announced', templateVersion: 1 }, bounced: { at: at(59) } });
  });
});
