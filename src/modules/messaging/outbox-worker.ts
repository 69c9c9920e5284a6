import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import type { SendOutcome } from './channel.js';
import { claimMessages, extendLease, type ClaimedMessage } from './claim-messages.js';
import { channelSource, type ChannelSource } from './load-channels.js';
import { markFromOutcome, recordOutcomes, type MessageMark } from './record-outcomes.js';
import { applySendPolicy } from './send-policy.js';
import { toOutgoing } from './to-outgoing.js';

export type OutboxWorkerOptions = {
  db: Executor;
  /** Identifies this worker's claims (default host:pid:random). */
  workerId?: string;
  batchSize?: number;
  /** Sends in flight at once within a batch. */
  concurrency?: number;
  /** How long a claim lasts without a heartbeat before another worker may take it over. */
  leaseMs?: number;
  /** Wait between polls of an empty outbox. */
  idleMs?: number;
  /** How long the first result waits for others to share its UPDATE (fewer, larger writes). */
  markDelayMs?: number;
  channels?: ChannelSource;
  /**
   * Applies send-time policy to a claimed batch: returns the marks of messages that must
   * not be sent now (opted out, capped, delayed) — the rest are sent. Default: applySendPolicy.
   */
  policy?: (db: Executor, batch: ClaimedMessage[]) => Promise<MessageMark[]>;
  log?: (line: string) => void;
};

export type OutboxWorker = {
  /** Wakes an idle worker (e.g. right after enqueueing). */
  wake(): void;
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>;
  /** Resolves when a poll finds nothing due (for tests and one-shot runs). */
  idle(): Promise<void>;
  readonly sent: number;
};

/**
 * Marks results as sends return, several per statement: results that arrive while one UPDATE
 * runs (or within `delayMs` of the first) go together in the next. So a kill -9 repeats at
 * most the messages of the batch in hand whose result was not yet written. A failed write is
 * retried (the database may be restarting): giving up would send those messages again.
 */
function resultWriter(db: Executor, workerId: string, onTimeline: ReadonlySet<string>, delayMs: number) {
  let pending: MessageMark[] = [];
  let flushing: Promise<void> | undefined;
  let failure: unknown;
  const flush = async (): Promise<void> => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    for (let failures = 0; pending.length > 0; ) {
      const marks = pending;
      pending = [];
      try {
        await recordOutcomes(db, workerId, marks);
        failures = 0;
      } catch (error) {
        pending = [...marks, ...pending];
        if (++failures >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * failures));
      }
    }
  };
  const start = () => {
    flushing ??= flush()
      .catch((error: unknown) => void (failure = error))
      .finally(() => (flushing = undefined));
    return flushing;
  };
  return {
    add(mark: MessageMark) {
      pending.push(onTimeline.has(mark.id) ? { ...mark, onTimeline: true } : mark);
      void start();
    },
    async drain() {
      while (flushing || (pending.length > 0 && failure === undefined)) await (flushing ?? start());
      if (failure !== undefined) throw failure;
    },
  };
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(runners);
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const idleMs = options.idleMs ?? 1_000;
  const markDelayMs = options.markDelayMs ?? 2;
  const channels = options.channels ?? channelSource(db);
  const log = options.log ?? ((line: string) => console.error(line));
  const abort = new AbortController();
  // Every send in flight listens on this one signal.
  setMaxListeners(0, abort.signal);
  let stopped = false;
  let sent = 0;
  let wakeUp: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];

  async function sendOne(message: ClaimedMessage, set: Awaited<ReturnType<ChannelSource['get']>>): Promise<SendOutcome> {
    const channel = set.get(message.channel);
    if (!channel) return { status: 'retry', reason: `channel ${message.channel} is not configured`, retryAfterMs: 5 * 60_000 };
    try {
      return await channel.send(toOutgoing(message, set.unsubscribe), abort.signal);
    } catch (error) {
      return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async function processBatch(batch: ClaimedMessage[]): Promise<void> {
    const onTimeline = new Set(batch.filter((message) => message.interactionId).map((message) => message.id));
    const writer = resultWriter(db, workerId, onTimeline, markDelayMs);
    const held = await (options.policy ?? applySendPolicy)(db, batch);
    const heldIds = new Set(held.map((mark) => mark.id));
    for (const mark of held) writer.add(mark);
    const toSend = batch.filter((message) => !heldIds.has(message.id));
    const open = new Set(toSend.map((message) => message.id));
    const heartbeat = setInterval(() => {
      extendLease(db, workerId, [...open], leaseMs).catch((error: unknown) => log(`outbox: lease heartbeat failed: ${String(error)}`));
    }, Math.max(1_000, leaseMs / 3));
    try {
      const set = await channels.get();
      await mapLimit(toSend, concurrency, async (message) => {
        const mark = markFromOutcome(message, await sendOne(message, set));
        open.delete(message.id);
        if (mark.status === 'sent') sent += 1;
        writer.add(mark);
      });
    } finally {
      clearInterval(heartbeat);
      await writer.drain();
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const batch = await claimMessages(db, { workerId, limit: batchSize, leaseMs });
        if (batch.length > 0) {
          await processBatch(batch);
          continue;
        }
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      } catch (error) {
        log(`outbox: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    wake: () => wakeUp?.(),
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
    get sent() {
      return sent;
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      // Sends still running after 10 s are abandoned: their lease expires and another run retries them.
      const giveUp = setTimeout(() => abort.abort(), 10_000);
      await loop;
      clearTimeout(giveUp);
      if (!options.channels) channels.close();
    },
  };
}
