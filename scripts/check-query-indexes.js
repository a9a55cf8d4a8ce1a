#!/usr/bin/env node
// Run by `npm test` after jest: every query shape the integration suite recorded
// (test/support/query-recorder.ts) must be supported by an index its collection declares, so that
// on MongoDB no query the services make scans a collection. `npm run db:indexes` creates them.
// Prints the shapes with no supporting index and exits 1 if there are any.
const fs = require('node:fs');
const path = require('node:path');
const { LOCAL } = require('./lib/local-env');

/** Collections made per period share their declarations (consumed_events_<n>). */
const familyOf = (collection) => collection.replace(/_\d+$/, '_<n>');

function load(dir = path.join(LOCAL, 'query-shapes')) {
  const queries = new Map();
  const indexes = new Map();
  if (!fs.existsSync(dir)) return { queries, indexes };
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const entry = JSON.parse(line);
      const collection = familyOf(entry.collection);
      if (entry.kind === 'indexes') indexes.set(collection, [...(indexes.get(collection) ?? []), ...entry.indexes.map((keys) => keys.join(','))]);
      else queries.set(`${collection} ${entry.method} {${entry.fields.join(',')}}${entry.sort.length ? ` sort ${entry.sort.join(',')}` : ''}`, { ...entry, collection });
    }
  }
  return { queries, indexes };
}

/** An index serves a query when its first key is constrained by the filter (or, unfiltered, is the sort key). */
function unsupported({ queries, indexes }) {
  const missing = [];
  for (const [shape, q] of queries) {
    const declared = [['_id'], ...[...new Set(indexes.get(q.collection) ?? [])].map((k) => k.split(','))];
    const leading = q.fields.length > 0 ? q.fields : q.sort;
    if (leading.length === 0) continue; // reads the whole collection on purpose (a report, a sweep of a small collection)
    if (!declared.some((keys) => leading.includes(keys[0]))) missing.push(shape);
  }
  return missing.sort();
}

if (require.main === module) {
  const recorded = load();
  if (recorded.queries.size === 0) {
    console.log('[query-indexes] no query shapes recorded (integration tests not run): nothing to check');
    process.exit(0);
  }
  const missing = unsupported(recorded);
  console.log(`[query-indexes] ${recorded.queries.size} query shapes recorded, ${missing.length} without a supporting index`);
  for (const shape of missing) console.log(`  ${shape}`);
  process.exit(missing.length === 0 ? 0 : 1);
}

module.exports = { load, unsupported };
