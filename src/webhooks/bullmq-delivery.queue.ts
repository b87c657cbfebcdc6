import { createHash } from 'node:crypto';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import IORedis, { Cluster, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { DeliveryHandler, DeliveryJob, DeliveryQueue, QueueNotReadyError, RetryPolicy } from './delivery-job';

const QUEUE = 'webhook-deliveries';
/** How long a charge's order counters live (longer than any retry schedule). */
const ORDER_TTL_SECONDS = 8 * 86400;
/** How soon a job waiting for an earlier event of its charge looks again. */
const ORDER_WAIT_MS = 200;
/** A predecessor missing from the queue this long after its successor was queued never made it (its add failed). */
const MISSING_PREDECESSOR_MS = 5000;

/** Queue payload: the sealed job and its place in its charge's order. */
interface QueuedData {
  sealed: string;
  orderKey: string;
  seq: number;
  orderId: string;
  /** Set on replay from the dead-letter list: delivered regardless of order. */
  replay?: boolean;
}

export interface BullmqQueueOptions {
  redisUrl: string;
  /** REDIS_MODE and REDIS_CLUSTER_NODES / REDIS_SENTINELS (src/cache/redis-kv.store.ts reads REDIS_URL the same way). */
  redisMode?: 'standalone' | 'cluster' | 'sentinel';
  redisNodes?: Array<{ host: string; port: number }>;
  /** `<REDIS_GLOBAL_PREFIX>:{wh}`: one hash slot (cluster-safe), cleaned with the service's prefix. */
  prefix: string;
  concurrency: number;
  commandTimeoutMs: number;
  policy: RetryPolicy;
  seal(plaintext: string): string;
  open(sealed: string): string;
  logger: Logger;
}

/**
 * One ioredis connection in the configured topology: a standalone server, a Cluster (every key of the queue shares the
 * `{wh}` hash tag, so BullMQ's scripts and our MULTI stay in one slot) or the primary Sentinel names.
 */
function connect(o: BullmqQueueOptions, options: RedisOptions): IORedis {
  if (!o.redisMode || o.redisMode === 'standalone') return new IORedis(o.redisUrl, options);
  const u = new URL(o.redisUrl);
  const auth = {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  if (o.redisMode === 'sentinel')
    return new IORedis({
      ...options,
      ...auth,
      name: decodeURIComponent(u.hostname),
      sentinels: o.redisNodes ?? [],
      ...(u.protocol === 'rediss:' ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
    });
  const { enableOfflineQueue, maxRetriesPerRequest, ...nodeOptions } = options;
  // A Cluster has the commands BullMQ and the dead-letter store use; typed as the client they are written against.
  return new Cluster([{ host: u.hostname, port: Number(u.port || 6379) }, ...(o.redisNodes ?? [])], {
    redisOptions: { ...nodeOptions, ...auth, maxRetriesPerRequest },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
  }) as unknown as IORedis;
}

/** Moves `next` past `seq` only if it still points at it (another worker may have moved it). */
const ADVANCE = `if tonumber(redis.call('GET', KEYS[1]) or '1') == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], tonumber(ARGV[1]) + 1, 'EX', ARGV[2]) end return 1`;

/**
 * Delivery through BullMQ on Redis, shared by every replica: a job per event, retried with exponential backoff and
 * jitter; one charge's events are delivered in order (each carries its sequence number; a job whose predecessor has
 * not finished waits as a delayed job). BullMQ's own driver (ioredis) is used: the worker's blocking loop reconnects
 * by itself when Redis goes away and comes back.
 */
export class BullmqDeliveryQueue implements DeliveryQueue {
  readonly durable = true;
  private readonly connection: IORedis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: IORedis;

  constructor(private readonly o: BullmqQueueOptions) {
    // Producers fail fast when Redis is away (no offline queue): the inbound route then answers 503 and the bank retries.
    this.connection = connect(o, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: o.prefix, skipVersionCheck: true });
    this.queue.on('error', () => undefined);
  }

  start(handler: DeliveryHandler): void {
    const connection = connect(this.o, {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    connection.on('error', () => undefined);
    this.workerConnection = connection;
    this.worker = new Worker(QUEUE, (job, token) => this.process(handler, job, token), {
      connection,
      prefix: this.o.prefix,
      concurrency: this.o.concurrency,
      skipVersionCheck: true,
    });
    this.worker.on('error', (err) => this.o.logger.debug({ err: err.message }, 'webhook worker: redis error'));
  }

  async enqueue(job: DeliveryJob, orderKey: string): Promise<void> {
    const orderId = createHash('sha256').update(orderKey).digest('base64url').slice(0, 22).replace(/[-_]/g, 'x');
    const key = `${this.o.prefix}:order:${orderId}`;
    await this.bounded(async () => {
      const seq = await this.connection.incr(`${key}:seq`);
      const jobId = `${job.event.id}-${job.destination.kind}`;
      await this.connection
        .multi()
        .expire(`${key}:seq`, ORDER_TTL_SECONDS)
        .set(`${key}:job:${seq}`, jobId, 'EX', ORDER_TTL_SECONDS)
        .exec();
      const data: QueuedData = { sealed: this.o.seal(JSON.stringify(job)), orderKey: key, orderId, seq };
      // The job id is the event's: the same event queued twice (a bank's redelivery racing its first delivery) is one job.
      await this.queue.add('deliver', data, {
        jobId,
        attempts: this.o.policy.maxAttempts,
        backoff: { type: 'exponential', delay: this.o.policy.backoffBaseMs, jitter: 0.5 },
        removeOnComplete: true,
        removeOnFail: true,
      });
    });
  }

  /** Queues a dead-lettered job again, delivered regardless of order. */
  async replay(job: DeliveryJob, replayId: string): Promise<void> {
    await this.bounded(() =>
      this.queue.add(
        'deliver',
        {
          sealed: this.o.seal(JSON.stringify(job)),
          orderKey: '',
          orderId: '',
          seq: 0,
          replay: true,
        } satisfies QueuedData,
        {
          jobId: `replay_${replayId}`,
          attempts: this.o.policy.maxAttempts,
          backoff: { type: 'exponential', delay: this.o.policy.backoffBaseMs, jitter: 0.5 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      ),
    );
  }

  private async process(handler: DeliveryHandler, job: Job<QueuedData>, token?: string): Promise<void> {
    const data = job.data;
    if (!data.replay) {
      const next = Number((await this.connection.get(`${data.orderKey}:next`)) ?? '1');
      if (data.seq < next) return; // already handled (delivered or dead-lettered)
      if (data.seq > next) {
        const predecessorId = await this.connection.get(`${data.orderKey}:job:${next}`);
        const predecessor = predecessorId ? await this.queue.getJob(predecessorId) : undefined;
        if (predecessor || Date.now() - job.timestamp < MISSING_PREDECESSOR_MS) {
          await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
          throw new DelayedError();
        }
        // Its add failed after its number was taken: skip the hole and look again.
        await this.connection.eval(ADVANCE, 1, `${data.orderKey}:next`, next, ORDER_TTL_SECONDS);
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
    }
    const delivery = JSON.parse(this.o.open(data.sealed)) as DeliveryJob;
    const attempt = job.attemptsMade + 1;
    if (await handler.attempt(delivery, attempt).catch(() => false)) return this.advance(data);
    if (attempt >= this.o.policy.maxAttempts) {
      await handler.deadLetter(delivery, attempt);
      return this.advance(data);
    }
    throw new Error(`delivery attempt ${attempt} failed`);
  }

  private async advance(data: QueuedData): Promise<void> {
    if (data.replay) return;
    await this.connection.eval(ADVANCE, 1, `${data.orderKey}:next`, data.seq, ORDER_TTL_SECONDS);
  }

  private async bounded<T>(operation: () => Promise<T>): Promise<T> {
    if (this.connection.status !== 'ready') throw new QueueNotReadyError('webhook queue: redis not ready');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        operation(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('webhook queue: redis timeout')),
            Math.max(2000, this.o.commandTimeoutMs * 4),
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The producer connection (fails fast), shared with the dead-letter store. */
  get redis(): IORedis {
    return this.connection;
  }

  async ping(): Promise<void> {
    await this.bounded(() => this.connection.ping());
  }

  async close(): Promise<void> {
    await this.worker?.close(true).catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
