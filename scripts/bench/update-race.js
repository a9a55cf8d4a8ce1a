// Measures whether the database keeps two updates that race on one document: a state change
// (findOneAndUpdate with $set/$inc) and an outbox-style $pop. MongoDB keeps both; FerretDB 1.24 on
// SQLite loses one in most rounds, which is why the breach service serialises its writes per breach.
// Usage: npm run bench:update-race -- [rounds] (MONGODB_URI, default mongodb://127.0.0.1:27017)
const { MongoClient } = require('mongodb');

async function main() {
  const rounds = Number(process.argv[2] ?? 50);
  const client = await MongoClient.connect(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017');
  const db = client.db(`bench_update_race_${process.pid}`);
  const docs = db.collection('docs');
  let lostChanges = 0;
  let lostPops = 0;
  try {
    for (let i = 0; i < rounds; i++) {
      await docs.insertOne({ _id: `d${i}`, version: 0, pending: [1, 2] });
      await Promise.all([
        docs.findOneAndUpdate({ _id: `d${i}`, version: 0 }, { $set: { status: 'changed' }, $inc: { version: 1 } }),
        docs.updateOne({ _id: `d${i}`, 'pending.0': 1 }, { $pop: { pending: -1 } }),
      ]);
      const after = await docs.findOne({ _id: `d${i}` });
      if (after.status !== 'changed') lostChanges++;
      if (after.pending.length !== 1) lostPops++;
    }
  } finally {
    await db.dropDatabase();
    await client.close();
  }
  console.log(`${rounds} rounds: state change lost in ${lostChanges}, pop lost in ${lostPops}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
