import { randomUUID } from 'node:crypto';
import { uniquePrefix } from '../helpers/redis';
import { LocalRedisCluster } from '../helpers/redis-topologies';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { CoraSimulator } from '../simulators/cora.simulator';
import { SimControl } from '../simulators/sim-control';
import { TestConsumer } from '../webhooks/consumer';
import { GatewayProcess } from './gateway-process';
import { boleto, replicaTenant } from './replica-fixtures';
import { RoundRobinProxy } from './round-robin-proxy';

/**
 * Three gateway processes (replicas) on one local Redis Cluster (three primaries, one replica each), behind a local
 * round-robin load balancer that retries nothing: what the README's Kubernetes section promises of replicas, proven
 * on real processes. The Cora simulator stands for the bank and counts what reaches it.
 */
jest.setTimeout(60_000);

const RATE_LIMIT = 300;
/** README "Rate limits": each replica leases clamp(RATE_LIMIT / 50, 1, 100) permits at a time. */
const LEASE = Math.min(100, Math.max(1, Math.floor(RATE_LIMIT / 50)));

let pki: SimPki;
let sim: CoraSimulator;
let control: SimControl;
let consumer: TestConsumer;
let cluster: LocalRedisCluster;
let replicas: GatewayProcess[] = [];
let proxy: RoundRobinProxy;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  retryAfter?: string;
}

async function call(method: string, path: string, token: string, body?: unknown, key?: string): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const res = await fetch(`${proxy.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, retryAfter: res.headers.get('retry-after') ?? undefined };
}

const bankStats = async () => {
  const s = await control.stats();
  return { charges: s.charges, creates: s.byRoute['POST /v2/invoices'] ?? 0, tokens: s.tokenRequests };
};
const sentSince = (before: number[]) => proxy.sent.map((n, i) => n - before[i]);

beforeAll(async () => {
  pki = generateSimPki();
  sim = new CoraSimulator(pki);
  await sim.start();
  control = new SimControl(sim.url, pki);
  consumer = await new TestConsumer().start();
  const started = Date.now();
  cluster = await LocalRedisCluster.start();
  const clusterMs = Date.now() - started;
  const env = {
    REDIS_URL: cluster.url,
    REDIS_MODE: 'cluster',
    REDIS_CLUSTER_NODES: cluster.hostPorts,
    // Like replicas of one deployment: one service-wide prefix (rate-limit keys, webhook queue).
    REDIS_GLOBAL_PREFIX: uniquePrefix('g'),
    // Generous on a loaded 2-core machine: a timed-out command would fall back to per-process rate limits.
    REDIS_COMMAND_TIMEOUT_MS: '2000',
    RATE_LIMIT: String(RATE_LIMIT),
    CORA_BASE_URL: sim.url,
    PROVIDER_CA_CERTS_FILE: pki.caFile,
    WEBHOOK_FORWARD_URL: consumer.url,
    WEBHOOK_BACKOFF_BASE_MS: '200',
    WEBHOOK_TIMEOUT_MS: '15000', // a slow first attempt on a loaded machine would be retried: a second delivery
  };
  const starts = await Promise.allSettled([1, 2, 3].map(() => GatewayProcess.start(env, 100_000)));
  replicas = starts.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])); // afterAll stops what started
  for (const r of starts) if (r.status === 'rejected') throw r.reason;
  proxy = await new RoundRobinProxy(replicas.map((r) => r.port)).start();
  process.stdout.write(
    `replicas: cluster up in ${clusterMs} ms, three replicas ready ${Date.now() - started - clusterMs} ms later\n`,
  );
}, 150_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(replicas.map((r) => r.stop()));
  await cluster?.stop(); // the cluster's nodes and every key in it go with it
  await consumer?.stop();
  await control?.close();
  await sim?.stop();
  pki?.cleanup();
}, 60_000);

afterEach(() => control.post('/__sim/faults/reset'));

describe('three gateway replicas on one Redis Cluster behind a round-robin', () => {
  it('30 concurrent creates with one Idempotency-Key, spread over the three, make one charge at the bank', async () => {
    const a = replicaTenant('cora', pki);
    const bank = await bankStats();
    const sent = [...proxy.sent];
    const key = randomUUID();
    const body = boleto();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => call('POST', '/v1/charges', a.token, body, key)),
    );
    expect(sentSince(sent)).toEqual([10, 10, 10]);
    const ok = replies.filter((r) => r.status < 300);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    for (const r of replies)
      if (r.status >= 300) expect([r.status, r.body.code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    for (let i = 0; i < 3; i++)
      expect((await call('POST', '/v1/charges', a.token, body, key)).body.id).toBe(ok[0].body.id);
    const after = await bankStats();
    expect([after.charges - bank.charges, after.creates - bank.creates]).toEqual([1, 1]);
  });

  it("holds the tenant's rate limit across the replicas, within the leasing bound", async () => {
    const t = replicaTenant('sandbox');
    let allowed = 0;
    const total = RATE_LIMIT + 60;
    for (let i = 0; i < total; i += 6) {
      const batch = await Promise.all([0, 1, 2, 3, 4, 5].map(() => call('GET', '/v1/charges/nope', t.token)));
      for (const r of batch) {
        expect([404, 429]).toContain(r.status);
        if (r.status !== 429) allowed++;
      }
    }
    // README "Rate limits": never above RATE_LIMIT; at worst LEASE - 1 permits per replica unused.
    expect(allowed).toBeLessThanOrEqual(RATE_LIMIT);
    expect(allowed).toBeGreaterThanOrEqual(RATE_LIMIT - 3 * (LEASE - 1));
    process.stdout.write(`replicas: rate limit ${RATE_LIMIT} (lease ${LEASE}): ${allowed} of ${total} served\n`);
  });

  it('on a cold start, asks the bank for one OAuth token for a tenant across all replicas', async () => {
    // A slow token endpoint: every replica's first callers overlap with the one token request.
    await control.faults({ latencyMs: 300 });
    const a = replicaTenant('cora', pki);
    const bank = await bankStats();
    const sent = [...proxy.sent];
    const replies = await Promise.all(Array.from({ length: 9 }, () => call('POST', '/initialize', a.token)));
    expect(replies.map((r) => r.status)).toEqual(Array(9).fill(200));
    expect(sentSince(sent)).toEqual([3, 3, 3]);
    expect((await bankStats()).tokens - bank.tokens).toBe(1);
  });

  it('delivers each webhook event once, whichever replica runs the job', async () => {
    const t = replicaTenant('sandbox');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call('POST', '/v1/charges', t.token, boleto(), randomUUID());
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    for (const id of ids) expect((await call('POST', `/v1/sandbox/charges/${id}/pay`, t.token)).status).toBe(200);
    await consumer.waitFor(() => ids.every((id) => consumer.forCharge(id).length >= 1), 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    for (const id of ids) {
      expect(consumer.forCharge(id).map((e) => e.json.type)).toEqual(['charge.paid']);
      expect(consumer.attemptsByCharge.get(id)).toBe(1);
    }
  });

  it('loses no acknowledged create when a replica is killed (SIGKILL) mid-load; each key makes one charge', async () => {
    await control.faults({ latencyMs: 150 }); // creates in flight on the replica when it dies
    const a = replicaTenant('cora', pki);
    const bank = await bankStats();
    const keys: string[] = Array.from({ length: 36 }, () => randomUUID());
    const bodies = new Map(keys.map((k) => [k, boleto()]));
    const acked = new Map<string, string>(); // key → charge id
    let unanswered = 0;
    let killedAt: number | undefined;
    const streamStarted = Date.now();
    const deadline = streamStarted + 60_000; // the dead replica's claims expire after 30 s (README "Idempotency")
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        for (;;) {
          if (Date.now() > deadline) throw new Error(`key ${key} never acknowledged`);
          const r = await call('POST', '/v1/charges', a.token, bodies.get(key), key).catch(() => undefined);
          if (r && r.status < 300) {
            acked.set(key, r.body.id as string);
            break;
          }
          // Unanswered (cut connection, the proxy's 502) or busy (409: a claim, maybe the dead replica's): retry, same key.
          if (r && ![409, 502, 503].includes(r.status))
            throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
          if (!r || r.status === 502) unanswered++;
          await new Promise((res) => setTimeout(res, r?.retryAfter ? 1000 : 200));
        }
        if (acked.size >= 12 && killedAt === undefined) {
          killedAt = acked.size;
          await replicas[2].kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const streamMs = Date.now() - streamStarted;
    expect(replicas[2].alive).toBe(false);
    expect(acked.size).toBe(keys.length);
    expect(new Set(acked.values()).size).toBe(keys.length);
    await control.faults({ latencyMs: 0 });
    const checks = [...acked].map(async ([key, id]) => {
      const read = await call('GET', `/v1/charges/${id}`, a.token);
      const replay = await call('POST', '/v1/charges', a.token, bodies.get(key), key);
      // Readable at the bank, and the first answer replayed from its idempotency record.
      return [read.status, read.body.id, replay.status, replay.body.id];
    });
    for (const [i, check] of (await Promise.all(checks)).entries())
      expect(check).toEqual([200, [...acked.values()][i], 201, [...acked.values()][i]]);
    const after = await bankStats();
    expect(after.charges - bank.charges).toBe(keys.length);
    // A create cut by the kill may have reached the bank; its retry then carries the same derived key.
    expect(after.creates - bank.creates).toBeLessThanOrEqual(keys.length + unanswered);
    process.stdout.write(
      `replicas: killed replica 3 after ${killedAt} acknowledged creates; ${unanswered} requests unanswered and retried; ` +
        `all ${keys.length} keys acknowledged after ${streamMs} ms; ` +
        `${after.creates - bank.creates} creates reached the bank for ${keys.length} keys\n`,
    );
  }, 100_000);
});
