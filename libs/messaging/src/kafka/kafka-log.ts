import { logLevel } from 'kafkajs';

/** What kafkajs logs at each of our log levels. */
export const KAFKA_LOG_LEVELS: Record<string, logLevel> = {
  fatal: logLevel.ERROR,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.WARN, // kafkajs is chatty at INFO; its warnings are what an operator needs
  debug: logLevel.DEBUG,
  trace: logLevel.DEBUG,
  silent: logLevel.NOTHING,
};

/**
 * Broker answers kafkajs logs as errors though it recovers from them by itself: a consumer rejoins
 * a rebalancing group, clients refresh metadata while a new topic's leaders are elected, a group's
 * coordinator is still loading after a broker (re)start, and two services creating the same
 * topics at start see one "already exists". Logged as warnings: what an operator alerts on is a
 * failure that reaches our code (a send, a handler), not these.
 */
const ROUTINE_ANSWERS = [
  'The group is rebalancing, so a rejoin is needed',
  'This server is not the leader for that topic-partition',
  'This server does not host this topic-partition',
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'Topic creation errors',
];

/** How loud a kafkajs log line is in ours. The answer is in `error`, or in the message of a
 *  consumer's crash or a producer's failed send; a consumer's restart says a crash was already
 *  logged, and that it heals. */
export function kafkaLogLevelOf(level: logLevel, message: string, error: unknown): 'error' | 'warn' | 'debug' {
  if (level > logLevel.WARN) return 'debug';
  if (level === logLevel.WARN) return 'warn';
  const routine =
    ROUTINE_ANSWERS.includes(String(error)) || ROUTINE_ANSWERS.some((answer) => message.endsWith(`: ${answer}`)) || message.startsWith('Restarting the consumer');
  return routine ? 'warn' : 'error';
}
