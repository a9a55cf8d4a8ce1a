// Directory customers for benchmarks, inserted straight into a notification database: the fastest
// way, and it does not trigger the late-added-contact path a directory write would.
const { randomUUID } = require('node:crypto');

/**
 * `count` contacts at c<i>@<domain> in customers of 100 that receive `receives`; their ids.
 * `externalId`s start with `tag`, so a bench can remove its own customers afterwards.
 */
async function seedContacts(db, { domain, count, receives, tag }) {
  const docs = [];
  for (let c = 0; c * 100 < count; c++) {
    const size = Math.min(100, count - c * 100);
    docs.push({
      _id: randomUUID(),
      name: `Bench ${domain} ${c}`,
      externalId: `${tag}-${domain}-${c}`,
      status: 'active',
      contacts: Array.from({ length: size }, (_, i) => ({ id: randomUUID(), name: `Bench Contact ${c * 100 + i}`, email: `c${c * 100 + i}@${domain}`, receives, active: true })),
      revision: 0,
      createdAt: new Date(),
      createdBy: 'bench',
    });
  }
  for (let i = 0; i < docs.length; i += 50) await db.collection('customers').insertMany(docs.slice(i, i + 50), { ordered: false });
  return docs.map((d) => d._id);
}

module.exports = { seedContacts };
