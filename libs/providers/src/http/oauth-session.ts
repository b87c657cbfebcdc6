import type { ProviderContext } from '../charge-provider';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface Session {
  accessToken: string;
  /** Epoch ms when the cached copy stops being used. */
  expiresAt: number;
  cached: boolean;
}

/** Cache lifetime: expires_in - 60 s (half of it for very short tokens), capped by the token's meta.ttlSeconds. */
export function sessionTtlSeconds(expiresInSeconds: number, capSeconds: number): number {
  const own = expiresInSeconds > 120 ? expiresInSeconds - 60 : Math.max(1, Math.floor(expiresInSeconds / 2));
  return Math.max(1, Math.min(own, capSeconds));
}

/**
 * Cluster-wide single flight of token requests: on a cache miss a caller takes a short lock in the tenant's provider
 * state (`SET NX PX`) and asks the bank; callers on other replicas poll the cached token meanwhile, and after
 * `waitMs` ask the bank themselves (a lock holder that died or hangs never blocks them, nor fails them). The winner
 * deletes the lock once the token is stored; the lock's TTL frees it if the winner dies. Defaults: the constants below.
 */
export interface SingleFlightOptions {
  /** Longest a caller waits for another replica's token request before asking the bank itself. */
  waitMs: number;
  /** Lifetime of the lock (frees it when its holder died). */
  lockTtlMs: number;
  /** How often a waiting caller re-reads the cached token. */
  pollMs: number;
}

/** Defaults of SingleFlightOptions: a 3 s bound (a bank token request usually takes well under a second). */
export const OAUTH_SINGLE_FLIGHT: Readonly<SingleFlightOptions> = { waitMs: 3000, lockTtlMs: 3000, pollMs: 50 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Most tokens an instance keeps in memory (one per tenant credential in use); the oldest goes first. */
const MEMO_MAX = 1000;

/**
 * OAuth client_credentials sessions per (tenant, provider, credential fingerprint): the access
 * token is cached sealed in the tenant's provider state (Redis), refreshed by one caller at a time
 * per instance (single flight) and, through a short lock in the same state, by one replica at a time
 * within a bounded wait (SingleFlightOptions), and replaced once when the provider answers 401 to it.
 * A state store outage only costs a fresh token per call; it never blocks the call.
 *
 * A token this instance read or obtained is also kept in memory until its cached copy expires, so a bank call needs
 * no Redis round trip for it. Replicas still share one token through the state: one that another replica replaced
 * after a 401 reaches this one on its own first 401 (`withToken` drops the memory copy and reads the state again).
 */
export class OAuthSessions<C> {
  private readonly inflight = new Map<string, Promise<Session>>();
  private readonly memo = new Map<string, Session>();
  private readonly flight: SingleFlightOptions;

  constructor(
    private readonly issue: (ctx: ProviderContext<C>) => Promise<IssuedToken>,
    flight: Partial<SingleFlightOptions> = {},
  ) {
    this.flight = { ...OAUTH_SINGLE_FLIGHT, ...flight };
  }

  private stateName(ctx: ProviderContext<C>): string {
    return `oauth:${ctx.credentialFingerprint}`;
  }

  private lockName(ctx: ProviderContext<C>): string {
    return `oauth-lock:${ctx.credentialFingerprint}`;
  }

  private memoKey(ctx: ProviderContext<C>): string {
    return `${ctx.tenantId}\u0000${ctx.providerId}\u0000${ctx.credentialFingerprint}`;
  }

  async session(ctx: ProviderContext<C>): Promise<Session> {
    const key = this.memoKey(ctx);
    const held = this.memo.get(key);
    if (held && held.expiresAt > Date.now()) return { ...held, cached: true };
    const cached = await this.read(ctx);
    if (cached) return this.remember(key, cached);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.obtain(ctx)
        .then((session) => this.remember(key, session))
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private remember(key: string, session: Session): Session {
    this.memo.delete(key); // re-inserted last: the oldest entry is the first in the map's order
    this.memo.set(key, session);
    if (this.memo.size > MEMO_MAX) this.memo.delete(this.memo.keys().next().value as string);
    return session;
  }

  /** Forgets a token the provider rejected (unless another caller already replaced it). */
  async invalidate(ctx: ProviderContext<C>, rejected: string): Promise<void> {
    const key = this.memoKey(ctx);
    if (this.memo.get(key)?.accessToken === rejected) this.memo.delete(key);
    const current = await this.read(ctx);
    if (current && current.accessToken !== rejected) return;
    await ctx.state.del(this.stateName(ctx)).catch(() => undefined);
  }

  /**
   * Runs an authorized call; on a 401 drops the token, obtains a new one and runs the call once
   * more. The second answer is returned as is (a second 401 is the provider refusing us).
   */
  async withToken<R extends { status: number }>(
    ctx: ProviderContext<C>,
    call: (accessToken: string) => Promise<R>,
  ): Promise<R> {
    const first = await this.session(ctx);
    const result = await call(first.accessToken);
    if (result.status !== 401) return result;
    await this.invalidate(ctx, first.accessToken);
    const second = await this.session(ctx);
    return call(second.accessToken);
  }

  private async read(ctx: ProviderContext<C>): Promise<Session | undefined> {
    let raw: string | undefined;
    try {
      raw = await ctx.state.get(this.stateName(ctx));
    } catch {
      return undefined;
    }
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as { t?: unknown; e?: unknown };
      if (typeof parsed.t !== 'string' || typeof parsed.e !== 'number' || parsed.e <= Date.now()) return undefined;
      return { accessToken: parsed.t, expiresAt: parsed.e, cached: true };
    } catch {
      return undefined;
    }
  }

  /**
   * The cluster-wide flight: the lock's winner asks the bank (after one more look at the cache: the previous winner
   * may have stored a token and released the lock since our miss); losers poll the cache, retry the lock (it expires
   * with a dead holder) and ask the bank themselves at the bound. Any state store failure: ask the bank at once.
   */
  private async obtain(ctx: ProviderContext<C>): Promise<Session> {
    const lock = this.lockName(ctx);
    const deadline = Date.now() + this.flight.waitMs;
    for (;;) {
      let won: boolean;
      try {
        won = await ctx.state.set(lock, '1', { nx: true, ttlMs: this.flight.lockTtlMs });
      } catch {
        return this.refresh(ctx);
      }
      if (won) {
        try {
          return (await this.read(ctx)) ?? (await this.refresh(ctx));
        } finally {
          // Not compared with our own mark first: if the bank took longer than lockTtlMs, this may free a later
          // winner's lock, which costs at most one more token request.
          await ctx.state.del(lock).catch(() => undefined);
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) return this.refresh(ctx);
      await sleep(Math.min(this.flight.pollMs, left));
      const cached = await this.read(ctx);
      if (cached) return cached;
    }
  }

  private async refresh(ctx: ProviderContext<C>): Promise<Session> {
    const issued = await this.issue(ctx);
    const ttlSeconds = sessionTtlSeconds(issued.expiresInSeconds, ctx.sessionTtlSeconds);
    const expiresAt = Date.now() + ttlSeconds * 1000;
    await ctx.state
      .set(this.stateName(ctx), JSON.stringify({ t: issued.accessToken, e: expiresAt }), {
        secret: true,
        ttlMs: ttlSeconds * 1000,
      })
      .catch(() => undefined);
    return { accessToken: issued.accessToken, expiresAt, cached: false };
  }
}
