import type { Charge } from '@lib/providers';

/**
 * What every charge operation answers (REST and MCP shape it at their edge). Failures, a replayed
 * 4xx included, are thrown as AppError instead.
 */
export type ChargeOutcome = {
  httpStatus: number;
  charge: Charge;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** Reads only: where the answer came from (X-Cache). */
  cache?: 'HIT' | 'MISS' | 'BYPASS';
};
