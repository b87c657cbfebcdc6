import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { RedisKvStore } from '../../src/cache/redis-kv.store';
import { auth, boletoBody, createCharge, sandboxTenant } from '../charges/charge-fixtures';
import { startTestApp, TestApp } from '../helpers/app';
import { LocalRedisCluster, LocalRedisSentinel } from '../helpers/redis-topologies';
import { TestConsumer } from '../webhooks/consumer';
import { uniquePrefix } from '../helpers/redis';

/**
 * The charge flow on a Redis Cluster (three primaries, one replica each) and behind Sentinel (primary, replica, three
 * sentinels), through node-redis' own cluster and sentinel clients, and a failover in each: the primary is killed,
 * a replica promoted, the gateway keeps serving without a restart and one Idempotency-Key never makes two charges.
 */
jest.setTimeout(60000);

const RATE_LIMIT = 150;

interface Topology {
  url: string;
  env: Record<string, string>;
  /** Kills the primary holding `key` (cluster) or the primary (sentinel) and waits for the promotion; ms taken. */
  failover(key: string): Promise<number>;
  stop(): Promise<void>;
}

const topologies: Array<[string, () => Promise<Topology>]> = [
  [
    'cluster',
    async () => {
      const c = await LocalRedisCluster.start();
      return {
        url: c.url,
        env: { REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: c.hostPorts },
        failover: async (key) => c.failover(await c.primaryOf(key)),
        stop: () => c.stop(),
      };
    },
  ],
  [
    'sentinel',
    async () => {
      const s = await LocalRedisSentinel.start();
      return {
        url: s.url,
        env: { REDIS_MODE: 'sentinel', REDIS_SENTINELS: s.hostPorts },
        failover: () => s.failover(),
        stop: () => s.stop(),
      };
    },
  ],
];

describe.each(topologies)('Redis %s', (mode, startTopology) => {
  let topo: Topology;
  let t: TestApp;
  let consumer: TestConsumer;

  beforeAll(async () => {
    consumer = await new TestConsumer().start();
    topo = await startTopology();
    t = await startTestApp({
      redis: topo.url,
      env: { ...topo.env, RATE_LIMIT: String(RATE_LIMIT), WEBHOOK_FORWARD_URL: consumer.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await topo?.stop();
    await consumer?.stop();
  });

  it('runs every store operation (single-key scripts included) against the topology', async () => {
    const store = new RedisKvStore({
      url: topo.url,
      mode: mode as 'cluster' | 'sentinel',
      nodes: topo.env.REDIS_CLUSTER_NODES
        ? topo.env.REDIS_CLUSTER_NODES.split(',').map((h) => ({ host: '127.0.0.1', port: Number(h.split(':')[1]) }))
        : topo.env.REDIS_SENTINELS.split(',').map((h) => ({ host: '127.0.0.1', port: Number(h.split(':')[1]) })),
      commandTimeoutMs: 1000,
    });
    try {
      expect(await store.connect(5000)).toBe(true);
      await store.ping();
      const p = uniquePrefix('topo');
      // Keys spread over many slots: each command must be routed to its own slot's node.
      for (let i = 0; i < 20; i++) {
        expect(await store.set(`${p}:k${i}`, `v${i}`, { ttlMs: 60000 })).toBe(true);
        expect(await store.set(`${p}:k${i}`, 'x', { nx: true })).toBe(false);
        expect(await store.get(`${p}:k${i}`)).toBe(`v${i}`);
        expect(await store.incrWindow(`${p}:w${i}`, 60000, 2)).toMatchObject({ count: 2 });
        expect(await store.compareAndSet(`${p}:k${i}`, `v${i}`, 'w', 60000)).toBe(true);
        expect(await store.compareAndSet(`${p}:k${i}`, `v${i}`, 'z')).toBe(false);
      }
      await store.del(...Array.from({ length: 20 }, (_, i) => `${p}:k${i}`));
      expect(await store.get(`${p}:k3`)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('creates (keyed), replays, reads and cancels a charge, and reports ready', async () => {
    const a = sandboxTenant();
    expect((await request(t.url).get('/health/ready')).status).toBe(200);
    const key = randomUUID();
    const body = boletoBody();
    const created = (await createCharge(t.url, a, body, key).expect(201)).body;
    const replay = await createCharge(t.url, a, body, key);
    expect([200, 201]).toContain(replay.status);
    expect(replay.body.id).toBe(created.id);
    expect((await request(t.url).get(`/v1/charges/${created.id}`).set(auth(a)).expect(200)).body.id).toBe(created.id);
    const cancelled = await request(t.url).post(`/v1/charges/${created.id}/cancel`).set(auth(a)).expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
  });

  it('delivers webhook events once through the BullMQ queue on the topology', async () => {
    const a = sandboxTenant();
    const paid = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    await request(t.url).post(`/v1/sandbox/charges/${paid.id}/pay`).set(auth(a)).expect(200);
    const cancelled = (await createCharge(t.url, a, boletoBody()).expect(201)).body;
    await request(t.url).post(`/v1/charges/${cancelled.id}/cancel`).set(auth(a)).expect(200);
    await consumer.waitFor(
      () => consumer.forCharge(paid.id).length >= 1 && consumer.forCharge(cancelled.id).length >= 1,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(consumer.forCharge(paid.id).map((e) => e.json.type)).toEqual(['charge.paid']);
    expect(consumer.forCharge(cancelled.id).map((e) => e.json.type)).toEqual(['charge.cancelled']);
  });

  it('holds the per-tenant rate limit', async () => {
    const a = sandboxTenant();
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 10; i++)
      statuses.push((await request(t.url).get('/v1/charges/nope').set(auth(a))).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
  });

  it('three gateway instances on the topology: 30 concurrent creates with one key make one charge, and the rate limit holds across them', async () => {
    const env = {
      ...topo.env,
      RATE_LIMIT: String(RATE_LIMIT),
      WEBHOOK_FORWARD_URL: consumer.url,
      REDIS_GLOBAL_PREFIX: t.globalPrefix,
    };
    const more = [await startTestApp({ redis: topo.url, env }), await startTestApp({ redis: topo.url, env })];
    try {
      // The three share REDIS_GLOBAL_PREFIX (rate-limit keys) like replicas of one deployment.
      const urls = [t.url, ...more.map((m) => m.url)];
      const a = sandboxTenant();
      const key = randomUUID();
      const body = boletoBody();
      const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => createCharge(urls[i % 3], a, body, key)));
      const ok = replies.filter((r) => r.status < 300);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
      for (const r of replies) if (r.status >= 300) expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      const after = await createCharge(urls[1], a, body, key);
      expect(after.body.id).toBe(ok[0].body.id);

      const b = sandboxTenant();
      let allowed = 0;
      for (let i = 0; i < RATE_LIMIT + 60; i++) {
        const r = await request(urls[i % 3])
          .get('/v1/charges/nope')
          .set(auth(b));
        if (r.status !== 429) allowed++;
      }
      // Each instance leases at most clamp(RATE_LIMIT / 50, 1, 100) permits ahead (README "Rate limits").
      const lease = Math.min(100, Math.max(1, Math.floor(RATE_LIMIT / 50)));
      expect(allowed).toBeLessThanOrEqual(RATE_LIMIT + 3 * lease);
      expect(allowed).toBeGreaterThanOrEqual(RATE_LIMIT - 3 * lease);
    } finally {
      for (const m of more) await m.close();
    }
  });

  it('survives a primary failover without a restart and never makes a second charge for one key', async () => {
    const a = sandboxTenant();
    const key = randomUUID();
    const body = boletoBody();
    const first = (await createCharge(t.url, a, body, key).expect(201)).body;
    // The primary holding this key's idempotency record (cluster): the worst case for a keyed create.
    const record = `${a.prefix}:${a.tenantId}:idem:sandbox:${createHash('sha256').update(key).digest('hex')}`;
    const tookMs = await topo.failover(record);
    const started = Date.now();
    const seen: number[] = [];
    const ids = new Set<string>([first.id]);
    let recoveredMs: number | undefined;
    while (Date.now() - started < 30000) {
      const fresh = await createCharge(t.url, a, body, key);
      seen.push(fresh.status);
      if (fresh.status < 300) ids.add(fresh.body.id);
      else expect([503]).toContain(fresh.status);
      const read = await request(t.url).get(`/v1/charges/${first.id}`).set(auth(a));
      if (fresh.status < 300 && read.status === 200) {
        recoveredMs = Date.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(recoveredMs).toBeDefined();
    expect([...ids]).toEqual([first.id]);
    const other = (await createCharge(t.url, a, boletoBody(), randomUUID()).expect(201)).body;
    expect(other.id).not.toBe(first.id);
    expect((await request(t.url).get('/health/ready')).status).toBe(200);
    process.stdout.write(
      `${mode} failover: promotion ${tookMs} ms, gateway serving again ${recoveredMs} ms after it (${seen.length} tries)\n`,
    );
  });
});
