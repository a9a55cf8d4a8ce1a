// Wire-level readiness probe for a MongoDB-compatible server (FerretDB), with no npm deps:
// sends OP_MSG {ping: 1, $db: "admin"} and exits 0 only if the reply says ok: 1.
// Usage: node mongo-ping.cjs [host] [port]
'use strict';
const net = require('net');

const host = process.argv[2] || '127.0.0.1';
const port = Number(process.argv[3] || 27017);

function cstring(s) {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function bsonPing() {
  const int1 = Buffer.alloc(4);
  int1.writeInt32LE(1);
  const db = cstring('admin');
  const dbLen = Buffer.alloc(4);
  dbLen.writeInt32LE(db.length);
  const body = Buffer.concat([
    Buffer.from([0x10]), cstring('ping'), int1, // int32 ping: 1
    Buffer.from([0x02]), cstring('$db'), dbLen, db, // string $db: "admin"
    Buffer.from([0x00]),
  ]);
  const len = Buffer.alloc(4);
  len.writeInt32LE(body.length + 4);
  return Buffer.concat([len, body]);
}

// Reads the top-level "ok" field of a BSON document; undefined if absent.
function readOk(doc) {
  let i = 4;
  while (i < doc.length - 1) {
    const type = doc[i++];
    const end = doc.indexOf(0, i);
    const name = doc.toString('utf8', i, end);
    i = end + 1;
    let value;
    let size;
    switch (type) {
      case 0x01: value = doc.readDoubleLE(i); size = 8; break;
      case 0x10: value = doc.readInt32LE(i); size = 4; break;
      case 0x12: value = Number(doc.readBigInt64LE(i)); size = 8; break;
      case 0x08: value = doc[i]; size = 1; break;
      case 0x02: case 0x0d: case 0x0e: size = 4 + doc.readInt32LE(i); break;
      case 0x03: case 0x04: size = doc.readInt32LE(i); break;
      case 0x05: size = 5 + doc.readInt32LE(i); break;
      case 0x07: size = 12; break;
      case 0x09: case 0x11: size = 8; break;
      case 0x0a: case 0xff: case 0x7f: size = 0; break;
      case 0x13: size = 16; break;
      default: return undefined; // unknown type: cannot walk further
    }
    if (name === 'ok') return value;
    i += size;
  }
  return undefined;
}

const doc = bsonPing();
const header = Buffer.alloc(16);
header.writeInt32LE(16 + 4 + 1 + doc.length, 0); // messageLength
header.writeInt32LE(1, 4); // requestID
header.writeInt32LE(0, 8); // responseTo
header.writeInt32LE(2013, 12); // OP_MSG
const msg = Buffer.concat([header, Buffer.alloc(4), Buffer.from([0]), doc]);

const fail = (why) => {
  process.stderr.write(`mongo ping ${host}:${port}: ${why}\n`);
  process.exit(1);
};
const timer = setTimeout(() => fail('timeout'), 3000);
let buf = Buffer.alloc(0);
const sock = net.connect(port, host, () => sock.write(msg));
sock.on('error', (e) => fail(e.code || e.message));
sock.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  if (buf.length < 4 || buf.length < buf.readInt32LE(0)) return;
  clearTimeout(timer);
  sock.destroy();
  if (buf.readInt32LE(12) !== 2013) fail(`unexpected opCode ${buf.readInt32LE(12)}`);
  // header(16) + flagBits(4) + section kind byte(1), then the body document
  const ok = readOk(buf.subarray(21));
  if (ok === 1 || ok === true) process.exit(0);
  fail(`reply ok=${ok}`);
});
