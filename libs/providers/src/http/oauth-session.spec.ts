import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { ProviderContext, ProviderStateStore } from '../charge-provider';
import type { ProviderStateBackend } from '../provider-state.backend';
import { TenantProviderStateStore } from '../provider-state.store';
import { OAuthSessions, sessionTtlSeconds } from './oauth-session';

/** The ProviderStateStore contract in memory, recording how values were stored. */
class RecordingState implements ProviderStateStore {
  readonly values = new Map<string, { value: string; secret?: boolean; ttlMs?: number }>();
  down = false;
  async get(name: string) {
    if (this.down) throw new Error('down');
    return this.values.get(name)?.value;
  }
  async set(name: string, value: string, o: { ttlMs?: number; secret?: boolean; nx?: boolean } = {}) {
    if (this.down) throw new Error('down');
    if (o.nx && this.values.has(name)) return false;
    this.values.set(name, { value, ttlMs: o.ttlMs, secret: o.secret });
    return true;
  }
  async del(name: string) {
    this.values.delete(name);
  }
}

const ctxWith = (state: ProviderStateStore, sessionTtlSeconds = 28800): ProviderContext<unknown> => ({
  tenantId: 't',
  providerId: 'cora',
  credentials: {},
  credentialFingerprint: 'fp1',
  sessionTtlSeconds,
  state,
});

describe('sessionTtlSeconds', () => {
  it('is expires_in - 60 s, half of very short tokens, and never beyond meta.ttlSeconds', () => {
    expect(sessionTtlSeconds(3600, 28800)).toBe(3540);
    expect(sessionTtlSeconds(3600, 600)).toBe(600);
    expect(sessionTtlSeconds(100, 28800)).toBe(50);
    expect(sessionTtlSeconds(1, 28800)).toBe(1);
  });
});

describe('OAuthSessions', () => {
  it('asks the provider once for concurrent callers and caches the token sealed with its TTL', async () => {
    let issued = 0;
    const sessions = new OAuthSessions(async () => {
      issued++;
      await new Promise((r) => setTimeout(r, 10));
      return { accessToken: `tok-${issued}`, expiresInSeconds: 3600 };
    });
    const state = new RecordingState();
    const ctx = ctxWith(state);
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => sessions.session(ctx)));
    expect(issued).toBe(1);
    expect(new Set(all.map((s) => s.accessToken))).toEqual(new Set(['tok-1']));
    expect(state.values.get('oauth:fp1')).toMatchObject({ secret: true, ttlMs: 3540_000 });
    expect(await sessions.session(ctx)).toMatchObject({ accessToken: 'tok-1', cached: true });
  });

  it('replaces a token the provider rejects with 401, once', async () => {
    let issued = 0;
    const sessions = new OAuthSessions(async () => ({ accessToken: `tok-${++issued}`, expiresInSeconds: 3600 }));
    const ctx = ctxWith(new RecordingState());
    const seen: string[] = [];
    const res = await sessions.withToken(
      ctx,
      async (token) => (seen.push(token), { status: token === 'tok-1' ? 401 : 200 }),
    );
    expect(res.status).toBe(200);
    expect(seen).toEqual(['tok-1', 'tok-2']);
    const twice = await sessions.withToken(ctx, async (token) => (seen.push(token), { status: 401 }));
    expect(twice.status).toBe(401);
    expect(seen).toEqual(['tok-1', 'tok-2', 'tok-2', 'tok-3']);
  });

  it('keeps working when the state store is down: each instance asks once and keeps its token', async () => {
    let issued = 0;
    const issue = async () => ({ accessToken: `tok-${++issued}`, expiresInSeconds: 3600 });
    const sessions = new OAuthSessions(issue);
    const state = new RecordingState();
    state.down = true;
    expect((await sessions.session(ctxWith(state))).accessToken).toBe('tok-1');
    expect((await sessions.session(ctxWith(state))).accessToken).toBe('tok-1');
    expect((await new OAuthSessions(issue).session(ctxWith(state))).accessToken).toBe('tok-2');
  });

  it('serves its token from memory until the cached copy expires, without reading the state', async () => {
    let issued = 0;
    const sessions = new OAuthSessions(async () => ({ accessToken: `tok-${++issued}`, expiresInSeconds: 2 }));
    const state = new RecordingState();
    const ctx = ctxWith(state);
    expect((await sessions.session(ctx)).accessToken).toBe('tok-1');
    let reads = 0;
    const get = state.get.bind(state);
    state.get = async (name: string) => (reads++, get(name));
    expect(await sessions.session(ctx)).toMatchObject({ accessToken: 'tok-1', cached: true });
    expect(reads).toBe(0);
    // A 2 s token is cached for 1 s (half of it): then the state is read again and a new token obtained.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await sessions.session(ctx)).accessToken).toBe('tok-2');
    expect(reads).toBeGreaterThan(0);
  });

  it('after a 401, takes the token another replica already stored instead of asking the bank', async () => {
    let issued = 0;
    const issue = async () => ({ accessToken: `tok-${++issued}`, expiresInSeconds: 3600 });
    const state = new RecordingState();
    const [a, b] = [new OAuthSessions(issue), new OAuthSessions(issue)];
    const ctx = ctxWith(state);
    expect((await a.session(ctx)).accessToken).toBe('tok-1');
    expect((await b.session(ctx)).accessToken).toBe('tok-1');
    // Replica a meets a 401 and replaces the token in the shared state; b still holds tok-1 in memory.
    await a.withToken(ctx, async (token) => ({ status: token === 'tok-1' ? 401 : 200 }));
    const seen: string[] = [];
    const res = await b.withToken(ctx, async (token) => (seen.push(token), { status: token === 'tok-1' ? 401 : 200 }));
    expect([res.status, seen, issued]).toEqual([200, ['tok-1', 'tok-2'], 2]);
  });
});

/** The provider state backend on a real Redis (node-redis, no offline queue: a dead Redis rejects at once). */
function redisBackend(url: string) {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
  const backend: ProviderStateBackend = {
    get: async (key) => (await client.get(key)) ?? undefined,
    set: async (key, value, o = {}) =>
      (await client.set(key, value, {
        ...(o.ttlMs ? { expiration: { type: 'PX' as const, value: o.ttlMs } } : {}),
        ...(o.nx ? { condition: 'NX' as const } : {}),
      })) === 'OK',
    del: async (key) => void (await client.del(key)),
  };
  return { client, backend };
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cipher = {
  seal: (p: string) => Buffer.from(p).toString('base64'),
  open: (s: string) => Buffer.from(s, 'base64').toString(),
};

describe('OAuthSessions across replicas (a real Redis-backed provider state)', () => {
  const prefix = `oauth-spec-${randomUUID()}`;
  const { client, backend } = redisBackend(REDIS_URL);
  const stateOf = (b: ProviderStateBackend, tenantId: string) =>
    new TenantProviderStateStore(b, cipher, prefix, tenantId, 'cora');
  const ctxOf = (b: ProviderStateBackend, tenantId: string) => ({ ...ctxWith(stateOf(b, tenantId)), tenantId });
  /** A bank token endpoint that answers after `ms` and counts its calls. */
  const bank = (ms: number) => {
    const counter = { calls: 0, issue: async () => ({ accessToken: '', expiresInSeconds: 3600 }) };
    counter.issue = async () => {
      const n = ++counter.calls;
      await new Promise((r) => setTimeout(r, ms));
      return { accessToken: `tok-${n}`, expiresInSeconds: 3600 };
    };
    return counter;
  };

  beforeAll(() => client.connect());
  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 }))
      if (keys.length) await client.del(keys);
    client.destroy();
  });

  it('asks the bank once for concurrent callers of two instances (one lock, the other polls the cache)', async () => {
    const b = bank(200);
    const replicas = [new OAuthSessions(b.issue), new OAuthSessions(b.issue)];
    const tenantId = `t-${randomUUID()}`;
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) => replicas[i % 2].session(ctxOf(backend, tenantId))),
    );
    expect(b.calls).toBe(1);
    expect(new Set(all.map((s) => s.accessToken))).toEqual(new Set(['tok-1']));
    // The winner released its lock once the token was stored.
    expect(await client.exists(`${prefix}:${tenantId}:cora:oauth-lock:fp1`)).toBe(0);
  });

  it('asks the bank itself at the bound when the lock holder died and its lock is still there', async () => {
    const b = bank(0);
    const sessions = new OAuthSessions(b.issue, { waitMs: 400, lockTtlMs: 60000, pollMs: 20 });
    const ctx = ctxOf(backend, `t-${randomUUID()}`);
    // A replica took the lock and died before storing a token.
    expect(await ctx.state.set('oauth-lock:fp1', '1', { nx: true, ttlMs: 60000 })).toBe(true);
    const started = Date.now();
    expect((await sessions.session(ctx)).accessToken).toBe('tok-1');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(380);
    expect(took).toBeLessThan(3000);
    expect(b.calls).toBe(1);
  });

  it("takes over as soon as a dead holder's lock expires, before the bound", async () => {
    const b = bank(0);
    const sessions = new OAuthSessions(b.issue, { waitMs: 20000, lockTtlMs: 3000, pollMs: 20 });
    const ctx = ctxOf(backend, `t-${randomUUID()}`);
    await ctx.state.set('oauth-lock:fp1', '1', { nx: true, ttlMs: 300 });
    const started = Date.now();
    expect((await sessions.session(ctx)).accessToken).toBe('tok-1');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
  });

  it("does not fail the waiting callers when the winner's token request fails: one of them asks again", async () => {
    let calls = 0;
    const failing = new OAuthSessions(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 150));
      throw new Error('bank 503');
    });
    const b = bank(50);
    const other = new OAuthSessions(b.issue, { pollMs: 20 });
    const tenantId = `t-${randomUUID()}`;
    const first = failing.session(ctxOf(backend, tenantId));
    await new Promise((r) => setTimeout(r, 30));
    const waiting = other.session(ctxOf(backend, tenantId));
    await expect(first).rejects.toThrow('bank 503');
    expect((await waiting).accessToken).toBe('tok-1');
    expect([calls, b.calls]).toEqual([1, 1]);
  });

  it('asks the bank at once when Redis is down (no wait on a lock it cannot take), once per instance', async () => {
    const down = redisBackend('redis://127.0.0.1:1'); // never connected: every command rejects at once
    const b = bank(0);
    const started = Date.now();
    expect((await new OAuthSessions(b.issue).session(ctxOf(down.backend, 't-down'))).accessToken).toBe('tok-1');
    expect((await new OAuthSessions(b.issue).session(ctxOf(down.backend, 't-down'))).accessToken).toBe('tok-2');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
