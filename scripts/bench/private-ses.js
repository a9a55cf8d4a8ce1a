#!/usr/bin/env node
// A private SES emulator for large benchmark runs, started by bench:fanout when BENCH_SES_PORT is
// set: the shared emulator keeps every email in memory, and 100,000 more would crowd it. Next to it,
// on port + 1, `GET /count?domain=` counts the emails held per address of that domain without
// serialising the whole store.
const http = require('node:http');
const startEmulator = require('aws-ses-v2-local').default;
const { getStoreReadonly } = require('aws-ses-v2-local/dist/store');

const port = Number(process.argv[2]);

startEmulator({ host: '127.0.0.1', port }).then(() => {
  http
    .createServer((req, res) => {
      const domain = new URL(req.url, 'http://x').searchParams.get('domain') ?? '';
      const perAddress = new Map();
      for (const email of getStoreReadonly().emails) {
        for (const to of email.destination.to) if (to.endsWith(`@${domain}`)) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
      }
      let duplicates = 0;
      for (const n of perAddress.values()) duplicates += n - 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ addresses: perAddress.size, duplicates }));
    })
    .listen(port + 1, '127.0.0.1', () => process.send?.('ready'));
});
