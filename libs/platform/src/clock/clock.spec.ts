import { AdjustableClock } from './clock';

describe('AdjustableClock', () => {
  it('moves forward by the requested amount and tells listeners the new time', async () => {
    let real = 1_000;
    const clock = new AdjustableClock(() => real);
    const seen: number[] = [];
    clock.onAdvance((now) => {
      seen.push(now.getTime());
    });

    await clock.advance(30 * 24 * 3600 * 1000);
    real += 5;

    expect(seen).toEqual([1_000 + 30 * 24 * 3600 * 1000]);
    expect(clock.now().getTime()).toBe(1_005 + 30 * 24 * 3600 * 1000);
  });

  it('refuses to move backwards', async () => {
    const clock = new AdjustableClock(() => 0);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  });
});
