import { DeliveryIdTable } from './delivery-id-table';

describe('DeliveryIdTable', () => {
  it('gives each id one slot, in the order first seen, across growth', () => {
    const table = new DeliveryIdTable();
    const ids = Array.from({ length: 5000 }, (_, i) => `ev-1:contact-${i}`);
    expect(ids.map((id) => table.add(id))).toEqual(ids.map((_, i) => i));
    expect(table.add('ev-1:contact-42')).toBe(42);
    expect(table.size).toBe(5000);
    expect(ids.every((id, i) => table.get(id) === i)).toBe(true);
    expect(table.get('ev-1:contact-5000')).toBeUndefined();
    expect(table.get('ev-2:contact-1')).toBeUndefined();
  });
});
