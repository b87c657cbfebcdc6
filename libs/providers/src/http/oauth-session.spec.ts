import type { ProviderContext, ProviderStateStore } from '../charge-provider';
import { OAuthSessions, sessionTtlSeconds } from './oauth-session';

/** The ProviderStateStore contract in memory, recording how values were stored. */
class RecordingState implements ProviderStateStore {
  readonly values = new Map<string, { value: string; secret?: boolean; ttlMs?: number }>();
  down = false;
  async get(name: string) {
    if (this.down) throw new Error('down');
    return this.values.get(name)?.value;
  }
  async set(name: string, value: string, o: { ttlMs?: number; secret?: boolean } = {}) {
    if (this.down) throw new Error('down');
    this.values.set(name, { value, ...o });
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

  it('keeps working, uncached, when the state store is down', async () => {
    let issued = 0;
    const sessions = new OAuthSessions(async () => ({ accessToken: `tok-${++issued}`, expiresInSeconds: 3600 }));
    const state = new RecordingState();
    state.down = true;
    expect((await sessions.session(ctxWith(state))).accessToken).toBe('tok-1');
    expect((await sessions.session(ctxWith(state))).accessToken).toBe('tok-2');
  });
});
