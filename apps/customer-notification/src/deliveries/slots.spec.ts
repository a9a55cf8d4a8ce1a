import { Slots } from './slots';

describe('Slots', () => {
  it('lets no more than its size through at once, and the next one in as one leaves', async () => {
    const slots = new Slots(2);
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await slots.acquire();
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        slots.release();
      }),
    );
    expect(most).toBe(2);
  });
});
