import { buildEvent, SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { AdjustableClock } from '@forewarn/platform/clock/clock';
import type { ServiceConfig } from '@forewarn/platform/config/service-config';
import {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import type { EachMessagePayload } from 'kafkajs';
import { MongoNetworkError, MongoNetworkTimeoutError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import mongoose from 'mongoose';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { KafkaEventServer } from './kafka-event-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pool = require('mongodb/lib/cmap/errors');
const address = { address: '127.0.0.1:27017' };

/** Errors as the drivers construct them when the database or the broker is out of reach. */
const outages: [string, Error][] = [
  ['MongoNetworkError', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
  ['MongoNetworkTimeoutError', new MongoNetworkTimeoutError('connection timed out')],
  ['MongoServerSelectionError', new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map() } as never)],
  ['MongoPoolClearedError', new pool.PoolClearedError(address)],
  ['PoolClearedOnNetworkError', new pool.PoolClearedOnNetworkError(address)],
  ['MongoWaitQueueTimeoutError', new pool.WaitQueueTimeoutError('Timed out while checking out a connection from connection pool', '127.0.0.1:27017')],
  ['MongoPoolClosedError', new pool.PoolClosedError(address)],
  ['MongoNotConnectedError', new MongoNotConnectedError('client must be connected')],
  ['MongoTopologyClosedError', new MongoTopologyClosedError()],
  ['MongooseServerSelectionError', new mongoose.Error.MongooseServerSelectionError('connect ECONNREFUSED')],
  ['mongoose buffering timeout', new mongoose.Error('Operation `probes.insertOne()` buffering timed out after 10000ms')],
  ['KafkaJSConnectionError', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')],
  ['KafkaJSConnectionClosedError', new (require('kafkajs').KafkaJSConnectionClosedError)('Closed connection', { host: '127.0.0.1', port: 9092 })],
  ['KafkaJSRequestTimeoutError', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
  ['KafkaJSNumberOfRetriesExceeded', new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('ECONNREFUSED'), { retryCount: 5, retryTime: 3000 })],
  ['KafkaJSBrokerNotFound', new (KafkaJSBrokerNotFound as new (m: string) => Error)('Broker 1 not found in the cached metadata')],
  ['retriable KafkaJSProtocolError (LEADER_NOT_AVAILABLE)', new KafkaJSProtocolError({ type: 'LEADER_NOT_AVAILABLE', code: 5, retriable: true, message: 'There is no leader' } as never)],
  ['an outage wrapped as the cause of another error', new Error('could not save', { cause: new MongoNetworkError('socket hang up') })],
];

const faults: [string, Error][] = [
  ['a TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'email')")],
  ['a plain Error named like a driver error', Object.assign(new Error('not really'), { name: 'MongoNetworkError' })],
  ['a mongoose ValidationError', new mongoose.Error.ValidationError(undefined as never)],
  ['a non-retriable KafkaJSProtocolError', new KafkaJSProtocolError({ type: 'INVALID_TOPIC_EXCEPTION', code: 17, retriable: false, message: 'bad topic' } as never)],
];

describe('KafkaEventServer on a failing handler', () => {
  const config = { CONSUMER_MAX_ATTEMPTS: 2, CONSUMER_RETRY_DELAY_MS: 1, KAFKA_SESSION_TIMEOUT_MS: 30_000 } as ServiceConfig;
  let deadLettered: unknown[];
  let server: KafkaEventServer;
  let failure: Error;

  beforeEach(() => {
    deadLettered = [];
    const kafka = {
      producer: async () => ({ send: async (record: unknown) => void deadLettered.push(record) }),
      topic: (t: string) => t,
      baseTopic: (t: string) => t,
    } as unknown as KafkaConnection;
    const consumed = { has: async () => false, record: async () => undefined };
    const counter = { inc: () => undefined };
    server = new KafkaEventServer(kafka, new AdjustableClock(), { serviceName: 'probe', config, topics: [] }, consumed as never, counter as never);
    server.addHandler(SubprocessorChangeEventTypes.cancelled, async () => {
      throw failure;
    }, true);
  });

  const payload = (): EachMessagePayload => {
    const event = buildEvent({
      type: SubprocessorChangeEventTypes.cancelled,
      source: '/test',
      subject: 'c-1',
      time: new Date(),
      correlationId: 'c',
      actor: 'user:t',
      data: {
        changeId: 'c-1',
        kind: 'addition',
        subprocessor: { id: 's', name: 'S', category: 'c', purpose: 'p', dataCategories: [], locations: ['GB'] },
        summary: 's',
        announcedAt: '2026-01-01T00:00:00.000Z',
        effectiveAt: '2026-02-01T00:00:00.000Z',
        noticePeriodDays: 30,
        cancelledAt: '2026-01-02T00:00:00.000Z',
        reason: 'r',
      },
    });
    return {
      topic: 'subprocessor.changes.v1',
      partition: 0,
      message: { key: Buffer.from('c-1'), value: Buffer.from(JSON.stringify(event)), offset: '7', headers: {} },
      heartbeat: async () => undefined,
    } as unknown as EachMessagePayload;
  };
  const consume = (p: EachMessagePayload) => (server as unknown as { consume(p: EachMessagePayload): Promise<void> }).consume(p);

  it.each(outages)('holds the partition on %s: rethrows it for kafkajs to redeliver, dead-letters nothing', async (_, error) => {
    failure = error;
    await expect(consume(payload())).rejects.toBe(error);
    expect(deadLettered).toEqual([]);
  });

  it.each(faults)('dead-letters the message after its attempts on %s', async (_, error) => {
    failure = error;
    await expect(consume(payload())).resolves.toBeUndefined();
    expect(deadLettered).toHaveLength(1);
  });
});
