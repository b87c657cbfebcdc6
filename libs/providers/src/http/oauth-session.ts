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
 * OAuth client_credentials sessions per (tenant, provider, credential fingerprint): the access
 * token is cached sealed in the tenant's provider state (Redis), refreshed by one caller at a time
 * per instance (single flight), and replaced once when the provider answers 401 to it. A state
 * store outage only costs a fresh token per call; it never blocks the call.
 */
export class OAuthSessions<C> {
  private readonly inflight = new Map<string, Promise<Session>>();

  constructor(private readonly issue: (ctx: ProviderContext<C>) => Promise<IssuedToken>) {}

  private stateName(ctx: ProviderContext<C>): string {
    return `oauth:${ctx.credentialFingerprint}`;
  }

  async session(ctx: ProviderContext<C>): Promise<Session> {
    const cached = await this.read(ctx);
    if (cached) return cached;
    const key = `${ctx.tenantId}\u0000${ctx.providerId}\u0000${ctx.credentialFingerprint}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.refresh(ctx).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Forgets a token the provider rejected (unless another caller already replaced it). */
  async invalidate(ctx: ProviderContext<C>, rejected: string): Promise<void> {
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
