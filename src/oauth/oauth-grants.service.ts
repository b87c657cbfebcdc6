import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EnvelopeCipher } from '../auth/envelope';
import {
  GrantClaims,
  newRefreshFamily,
  openRefreshToken,
  RefreshTokenBody,
  RefreshTokenError,
  rotateRefresh,
  sealRefreshToken,
} from '../auth/refresh-token';
import type { TenantContext } from '../auth/tenant-context';
import { TokenService } from '../auth/token.service';
import { KvStore } from '../cache/kv-store';
import { AppError } from '../common/errors/app-error';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { OAuthError } from './oauth-error';
import { OAuthEvents } from './oauth-events';

/** The RFC 6749 §5.1 token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * Mints access tokens from grants and keeps the only OAuth state there is: "this refresh token (or code) was used"
 * and "this family is revoked" marks in the KV store, each kept until the family (or code) expires. Losing them
 * only disables reuse detection and revocation of outstanding refresh tokens; nothing else depends on them.
 */
@Injectable()
export class OAuthGrants {
  private readonly signer: JwtService;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(KvStore) private readonly kv: KvStore,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(OAuthEvents) private readonly events: OAuthEvents,
  ) {
    this.signer = new JwtService({ secret: config.tokenSecret, signOptions: { algorithm: 'HS256' } });
  }

  /**
   * An access JWT for the grant, living TOKEN_MAX_TTL_SECONDS at most and never past `notAfter`; verified as any
   * request would verify it, so a grant the server would refuse (unknown provider, bad credentials) fails here.
   */
  mintAccess(
    grant: GrantClaims,
    o: { aud?: string; notAfter: number },
  ): { token: string; ttl: number; tenant: TenantContext } {
    const ttl = Math.min(this.config.tokenMaxTtlSeconds, o.notAfter - now());
    if (ttl < 1) throw new OAuthError('invalid_grant', 'the grant has expired');
    const audience = [o.aud, this.config.tokenAudience].filter((a): a is string => a !== undefined);
    const token = this.signer.sign(
      { ...grant },
      {
        expiresIn: ttl,
        ...(audience.length > 0 ? { audience: audience.length === 1 ? audience[0] : audience } : {}),
        ...(this.config.tokenIssuer ? { issuer: this.config.tokenIssuer } : {}),
      },
    );
    try {
      return { token, ttl, tenant: this.tokens.verify(token) };
    } catch (err) {
      throw new OAuthError(
        'invalid_grant',
        err instanceof AppError ? `the grant is not valid: ${err.message}` : 'the grant is not valid',
      );
    }
  }

  /** A new refresh-token family for the grant, ending REFRESH_TOKEN_MAX_TTL_SECONDS from now at the latest. */
  newFamily(grant: GrantClaims, o: { aud?: string; cid?: string; notAfter?: number }): RefreshTokenBody {
    const ttl = Math.min(this.config.refreshTokenMaxTtlSeconds, (o.notAfter ?? Infinity) - now());
    return newRefreshFamily(grant, { ttlSeconds: Math.max(1, ttl), nowSeconds: now(), aud: o.aud, cid: o.cid });
  }

  /** The token response for a family member: a fresh access token and the member sealed as the refresh token. */
  respond(body: RefreshTokenBody, scope?: string): TokenResponse {
    const grant = scope === undefined ? body.grant : { ...body.grant, scope };
    const access = this.mintAccess(grant, { aud: body.aud, notAfter: body.exp });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.ttl,
      refresh_token: sealRefreshToken(this.cipher, body),
      scope: [...access.tenant.scopes].join(' '),
    };
  }

  /** grant_type=refresh_token: checks, marks the token used, rotates (RFC 6749 §6, OAuth 2.1 §4.3.1). */
  async refresh(token: string, o: { clientId?: string; scope?: string; resource?: string }): Promise<TokenResponse> {
    const body = this.open(token);
    if (body.cid !== undefined && o.clientId !== body.cid)
      throw new OAuthError('invalid_grant', 'the refresh token was issued to another client');
    if (o.resource !== undefined && o.resource !== body.aud)
      throw new OAuthError('invalid_target', 'the refresh token was not issued for this resource');
    const scope = narrowScope(body.grant.scope, o.scope);
    const ttlMs = (body.exp - now()) * 1000;
    if ((await this.isRevoked(body.fam)) || (body.pfam !== undefined && (await this.isRevoked(body.pfam))))
      throw new OAuthError('invalid_grant', 'the refresh token was revoked');
    if (!(await this.markOnce(`used:${body.jti}`, ttlMs))) {
      await this.revokeFamily(body.fam, ttlMs);
      this.events.record('refresh_reuse_detected', { tenantId: body.grant.tenantId, family: body.fam });
      throw new OAuthError('invalid_grant', 'the refresh token was already used: its whole family is now revoked');
    }
    const response = this.respond(rotateRefresh(body), scope);
    this.events.record('refreshed', { tenantId: body.grant.tenantId, family: body.fam });
    return response;
  }

  /** RFC 7009: revokes the family of a refresh token; anything else (an access token, garbage) is ignored. */
  async revoke(token: string, clientId?: string): Promise<void> {
    let body: RefreshTokenBody;
    try {
      body = openRefreshToken(this.cipher, token);
    } catch {
      return;
    }
    if (body.cid !== undefined && clientId !== body.cid)
      throw new OAuthError('invalid_client', 'the token was issued to another client');
    if (body.exp <= now()) return;
    await this.revokeFamily(body.fam, (body.exp - now()) * 1000);
    this.events.record('revoked', { tenantId: body.grant.tenantId, family: body.fam });
  }

  /** Sets a "used" mark once (true) or finds it set (false); with the store down, proceeds (said in the README). */
  async markOnce(name: string, ttlMs: number): Promise<boolean> {
    try {
      return await this.kv.set(this.key(name), '1', { nx: true, ttlMs: Math.max(1000, ttlMs) });
    } catch {
      this.events.record('refused', { reason: 'kv_unavailable_reuse_detection_skipped' });
      return true;
    }
  }

  private open(token: string): RefreshTokenBody {
    let body: RefreshTokenBody;
    try {
      body = openRefreshToken(this.cipher, token);
    } catch (err) {
      throw new OAuthError('invalid_grant', err instanceof RefreshTokenError ? err.message : 'invalid refresh token');
    }
    if (body.exp <= now()) throw new OAuthError('invalid_grant', 'the refresh token has expired');
    if (body.exp - body.iat > this.config.refreshTokenMaxTtlSeconds)
      throw new OAuthError(
        'invalid_grant',
        `the refresh token lives longer than ${this.config.refreshTokenMaxTtlSeconds} seconds`,
      );
    return body;
  }

  /** Whether a family was revoked (a store that cannot answer counts as not revoked). */
  async isRevoked(fam: string): Promise<boolean> {
    try {
      return (await this.kv.get(this.key(`revoked:${fam}`))) !== undefined;
    } catch {
      return false;
    }
  }

  /** Marks a family revoked until it expires (503 temporarily_unavailable when the mark cannot be written). */
  async revokeFamily(fam: string, ttlMs: number): Promise<void> {
    try {
      await this.kv.set(this.key(`revoked:${fam}`), '1', { ttlMs: Math.max(1000, ttlMs) });
    } catch {
      throw new OAuthError('temporarily_unavailable', 'the revocation could not be recorded; try again');
    }
  }

  private key(name: string): string {
    return `${this.config.redisGlobalPrefix}:oauth:${name}`;
  }
}

/** RFC 6749 §6: a refresh may ask for fewer scopes than granted, never more. */
function narrowScope(granted: string | undefined, requested: string | undefined): string | undefined {
  if (requested === undefined) return undefined;
  const asked = requested.split(' ').filter(Boolean);
  const allowed = granted === undefined ? undefined : new Set(granted.split(' '));
  if (allowed && asked.some((s) => !allowed.has(s)))
    throw new OAuthError('invalid_scope', 'the requested scope exceeds the scope granted');
  return asked.join(' ');
}
