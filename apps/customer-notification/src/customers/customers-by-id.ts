import type { Model, ProjectionType } from 'mongoose';
import type { Customer } from './customer.schema';

/** Customers read at once by id: on the embedded database a read by `_id` is the one that does not scan. */
const READS_AT_ONCE = 8;

/** The customers with these ids, in their order, a few reads at a time; one that does not exist is left out. */
export async function* customersById<T = Customer>(model: Model<Customer>, ids: string[], projection: ProjectionType<Customer>): AsyncGenerator<T[]> {
  for (let i = 0; i < ids.length; i += READS_AT_ONCE) {
    const found = await Promise.all(ids.slice(i, i + READS_AT_ONCE).map((id) => model.findById(id, projection).lean<T>().exec()));
    yield found.filter((c): c is NonNullable<typeof c> => c !== null) as T[];
  }
}
