import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';

/**
 * Integration-test setup: records the shape of every query the services make on MongoDB (the
 * collection, the fields filtered and sorted on) and the indexes each collection's schema
 * declares, one JSON line each in .local/query-shapes/. `scripts/check-query-indexes.js`, run by
 * `npm test` after jest, fails on a shape no declared index supports.
 */
const dir = join(__dirname, '..', '..', '.local', 'query-shapes');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${process.pid}.jsonl`);
const seen = new Set<string>();
const READS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'replaceOne', 'distinct', 'aggregate']);

/** The fields a filter constrains, `$and`/`$or` branches included. */
function fieldsOf(filter: unknown): string[] {
  if (!filter || typeof filter !== 'object') return [];
  return Object.entries(filter as Record<string, unknown>).flatMap(([key, value]) =>
    key === '$and' || key === '$or' || key === '$nor' ? (value as unknown[]).flatMap(fieldsOf) : key.startsWith('$') ? [] : [key],
  );
}

function record(line: object): void {
  const text = JSON.stringify(line);
  if (seen.has(text)) return;
  seen.add(text);
  appendFileSync(file, `${text}\n`);
}

mongoose.set('debug', function (this: { conn?: { name?: string; models?: Record<string, mongoose.Model<unknown>> } }, name: string, method: string, ...args: unknown[]) {
  if (!READS.has(method)) return;
  // Each test run's databases are `t_<run>_<service>`: the service part tells same-named collections apart.
  const collection = `${(this?.conn?.name ?? '').replace(/^t_[a-z0-9]+_/, '')}/${name}`;
  const [first, second] = args as [unknown, { sort?: Record<string, unknown> } | undefined];
  const filter = method === 'aggregate' ? ((first as Record<string, unknown>[])[0]?.$match ?? {}) : method === 'distinct' ? second : first;
  const sort = method === 'find' || method === 'findOne' ? Object.keys(second?.sort ?? {}) : [];
  record({ kind: 'query', collection, method, fields: [...new Set(fieldsOf(filter))].sort(), sort });
  const model = Object.values(this?.conn?.models ?? {}).find((m) => m.collection.collectionName === name);
  if (model) record({ kind: 'indexes', collection, indexes: model.schema.indexes().map(([keys]) => Object.keys(keys)) });
});
