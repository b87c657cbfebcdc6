import { Inject, Injectable, Logger } from '@nestjs/common';
import { EnvelopeCipher } from '../../auth/envelope';
import type { TenantContext } from '../../auth/tenant-context';
import { IdempotencyKvStore, KvStore } from '../../cache/kv-store';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG } from '../../config/app-config.module';
import type { AppConfig } from '../../config/env.schema';
import { AppMetrics } from '../../metrics/app-metrics';
import type { ChargeOutcome } from '../charge-outcome';
import { idempotencyRecordKey } from './idempotency-key';
import {
  answerOf,
  decodeRecord,
  doneRecord,
  errorAnswer,
  pendingRecord,
  replay,
  StoredAnswer,
} from './idempotency-record';

export interface IdempotentCall {
  tenant: TenantContext;
  /** The caller's Idempotency-Key (already validated). */
  key: string;
  /** requestFingerprint(operation, payload). */
  fingerprint: string;
  /** When the store cannot answer: `refuse` (503, a create must never risk a double charge) or `proceed` unrecorded. */
  whenStoreDown: 'refuse' | 'proceed';
  /**
   * A problem found before any work (an invalid body): thrown instead of running. Recorded like any
   * other 4xx answer when the key could be claimed (so a repeat replays it); thrown as is, without
   * a 503, when the store is down (the request could not have created anything).
   */
  rejection?: AppError;
  execute: () => Promise<ChargeOutcome>;
}

type Claim =
  | { kind: 'claimed'; pending: string }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in_progress' }
  | { kind: 'reused' };

/** 4xx answers that are not the provider's verdict on this request, so a retry may go differently. */
const NOT_RECORDED = new Set(['AUTH_INVALID_TOKEN', 'RATE_LIMITED']);

/**
 * Stripe-style idempotency over the IdempotencyKvStore: the first request claims the key (SET NX),
 * runs, and completes the record with its answer (compare-and-set); repeats with the same body get
 * that answer again (2xx and 4xx), repeats while it runs get 409, other bodies get 422. 5xx answers
 * and timeouts release the claim so the caller may retry.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger('Idempotency');
  private readonly ttlMs: number;
  /** A claim outlives the slowest possible run (provider timeout) so a crash frees the key on its own. */
  private readonly claimTtlMs: number;

  constructor(
    @Inject(IdempotencyKvStore) private readonly kv: KvStore,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(AppMetrics) private readonly metrics: AppMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.idempotencyTtlSeconds * 1000;
    this.claimTtlMs = Math.max(30_000, 3 * config.providerTimeoutMs);
  }

  async run(call: IdempotentCall): Promise<ChargeOutcome> {
    const recordKey = idempotencyRecordKey(call.tenant, call.key);
    const pending = pendingRecord(call.fingerprint);
    let claim: Claim;
    try {
      claim = await this.claim(recordKey, pending, call.fingerprint);
    } catch {
      // A stalled Redis may still apply the claim once it answers again: the release queued behind it frees the key,
      // so the caller's retry (Retry-After: 1) is not met by 409 IDEMPOTENCY_IN_PROGRESS until the claim expires.
      void this.release(recordKey, pending);
      if (call.rejection) throw call.rejection;
      if (call.whenStoreDown === 'proceed') return call.execute();
      this.metrics.idempotencyEvent('unavailable');
      throw new AppError(
        'IDEMPOTENCY_UNAVAILABLE',
        'The idempotency store is unreachable, so this keyed request was refused rather than risk a duplicate; retry shortly.',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
    switch (claim.kind) {
      case 'replay':
        this.metrics.idempotencyEvent('replayed');
        return replay(claim.answer);
      case 'in_progress':
        this.metrics.idempotencyEvent('in_progress');
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still being processed; retry after a moment.',
          { headers: { 'Retry-After': '1' } },
        );
      case 'reused':
        this.metrics.idempotencyEvent('key_reused');
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        );
      case 'claimed':
        return this.execute(recordKey, claim.pending, call);
      default: {
        const unreachable: never = claim;
        throw new Error(`unknown claim ${String(unreachable)}`);
      }
    }
  }

  private async execute(recordKey: string, pending: string, call: IdempotentCall): Promise<ChargeOutcome> {
    if (call.rejection) {
      await this.complete(recordKey, pending, call.fingerprint, errorAnswer(call.rejection));
      throw call.rejection;
    }
    let outcome: ChargeOutcome;
    try {
      outcome = await call.execute();
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && !NOT_RECORDED.has(err.code))
        await this.complete(recordKey, pending, call.fingerprint, errorAnswer(err));
      else await this.release(recordKey, pending);
      throw err;
    }
    await this.complete(recordKey, pending, call.fingerprint, answerOf(outcome));
    return outcome;
  }

  private async claim(recordKey: string, pending: string, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.kv.set(recordKey, pending, { nx: true, ttlMs: this.claimTtlMs }))
        return { kind: 'claimed', pending };
      const raw = await this.kv.get(recordKey);
      if (raw === undefined) continue; // expired or released in between: claim again
      const record = decodeRecord(raw, this.cipher);
      if (!record) {
        // Unreadable (corrupt, or sealed with a key we no longer hold): start over. The provider
        // still receives the same derived key, so this cannot create a second charge.
        await this.kv.del(recordKey);
        continue;
      }
      if (record.fp !== fingerprint) return { kind: 'reused' };
      return record.state === 'pending' ? { kind: 'in_progress' } : { kind: 'replay', answer: record.answer };
    }
    return { kind: 'in_progress' };
  }

  /** Best effort: if the store went away meanwhile, the claim expires and a retry re-runs with the same provider key. */
  private async complete(recordKey: string, pending: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    try {
      const stored = await this.kv.compareAndSet(
        recordKey,
        pending,
        doneRecord(fingerprint, answer, this.cipher),
        this.ttlMs,
      );
      if (!stored) this.logger.warn({ msg: 'idempotency record changed before completion; answer not stored' });
    } catch {
      this.logger.warn({ msg: 'idempotency store unreachable; answer not stored (the claim expires on its own)' });
    }
  }

  /**
   * Frees the key if it still holds this claim, in one command (a claim expiring in 1 ms): sent at once even when Redis
   * stalls, it is applied right after the commands queued before it (a GET then DEL would never send the DEL).
   */
  private async release(recordKey: string, pending: string): Promise<void> {
    try {
      await this.kv.compareAndSet(recordKey, pending, pending, 1);
    } catch {
      // The claim expires on its own.
    }
  }
}
