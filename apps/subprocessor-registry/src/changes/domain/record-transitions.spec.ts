import { recordTransitionsOf } from './record-transitions';

describe('recordTransitionsOf', () => {
  const replacement = { kind: 'replacement' as const, subprocessorId: 'new', replacesSubprocessorId: 'old' };

  it('activates an addition at its effective date and touches nothing before', () => {
    const addition = { kind: 'addition' as const, subprocessorId: 'new' };
    expect(recordTransitionsOf(addition, 'announced')).toEqual([]);
    expect(recordTransitionsOf(addition, 'cancelled')).toEqual([]);
    expect(recordTransitionsOf(addition, 'effective')).toEqual([{ subprocessorId: 'new', from: ['pending'], to: 'active' }]);
  });

  it('retires the replaced subprocessor on announcement, restores it on cancellation, removes it when effective', () => {
    expect(recordTransitionsOf(replacement, 'announced')).toEqual([{ subprocessorId: 'old', from: ['active'], to: 'retiring' }]);
    expect(recordTransitionsOf(replacement, 'cancelled')).toEqual([{ subprocessorId: 'old', from: ['retiring'], to: 'active' }]);
    expect(recordTransitionsOf(replacement, 'effective')).toEqual([
      { subprocessorId: 'new', from: ['pending'], to: 'active' },
      { subprocessorId: 'old', from: ['active', 'retiring'], to: 'removed' },
    ]);
  });

  it('removes a subprocessor at the date of its removal', () => {
    const removal = { kind: 'removal' as const, subprocessorId: 'old' };
    expect(recordTransitionsOf(removal, 'announced')).toEqual([{ subprocessorId: 'old', from: ['active'], to: 'retiring' }]);
    expect(recordTransitionsOf(removal, 'effective')).toEqual([{ subprocessorId: 'old', from: ['active', 'retiring'], to: 'removed' }]);
  });

  it('applies an update’s new values at its date, keeping the status', () => {
    const update = { kind: 'update' as const, subprocessorId: 'x', proposed: { locations: ['GB', 'IE'] } };
    expect(recordTransitionsOf(update, 'announced')).toEqual([]);
    expect(recordTransitionsOf(update, 'effective')).toEqual([
      { subprocessorId: 'x', from: ['active', 'retiring'], set: { locations: ['GB', 'IE'] } },
    ]);
  });
});
