import { randomUUID } from 'node:crypto';
import type { Charge } from '@lib/providers';
import type { EnvelopeCipher } from '../../auth/envelope';
import { AppError } from '../../common/errors/app-error';
import type { ErrorCode, FieldError } from '../../common/errors/error-catalogue';
import type { ChargeOutcome } from '../charge-outcome';

/** The first answer to a key, as replayed: a charge with its status, or a 4xx error. */
export type StoredAnswer =
  | { kind: 'charge'; status: number; charge: Charge }
  | { kind: 'error'; status: number; code: ErrorCode; detail: string; errors?: FieldError[] };

/**
 * A record in the idempotency store. `fp` (the request fingerprint, a hash) and `state` are plain
 * so the store can be inspected; the answer is sealed because it holds the payer's personal data.
 */
type Pending = { v: 1; state: 'pending'; fp: string; claim: string };
type Done = { v: 1; state: 'done'; fp: string; answer: string };
export type DecodedRecord = { state: 'pending'; fp: string } | { state: 'done'; fp: string; answer: StoredAnswer };

export function pendingRecord(fp: string): string {
  const record: Pending = { v: 1, state: 'pending', fp, claim: randomUUID() };
  return JSON.stringify(record);
}

export function doneRecord(fp: string, answer: StoredAnswer, cipher: EnvelopeCipher): string {
  const record: Done = { v: 1, state: 'done', fp, answer: cipher.seal(JSON.stringify(answer), 'cache') };
  return JSON.stringify(record);
}

/** Undefined when the record cannot be read (corrupt, or sealed under a key this process no longer holds). */
export function decodeRecord(raw: string, cipher: EnvelopeCipher): DecodedRecord | undefined {
  try {
    const r = JSON.parse(raw) as { v?: unknown; state?: unknown; fp?: unknown; answer?: unknown };
    if (r.v !== 1 || typeof r.fp !== 'string') return undefined;
    if (r.state === 'pending') return { state: 'pending', fp: r.fp };
    if (r.state === 'done' && typeof r.answer === 'string')
      return { state: 'done', fp: r.fp, answer: JSON.parse(cipher.open(r.answer, 'cache')) as StoredAnswer };
    return undefined;
  } catch {
    return undefined;
  }
}

export function answerOf(outcome: ChargeOutcome): StoredAnswer {
  return { kind: 'charge', status: outcome.httpStatus, charge: outcome.charge };
}

export function errorAnswer(err: AppError): StoredAnswer {
  return {
    kind: 'error',
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

/** Replays a stored answer: a charge comes back, an error is thrown again, both marked as replayed. */
export function replay(answer: StoredAnswer): ChargeOutcome {
  if (answer.kind === 'charge') return { httpStatus: answer.status, charge: answer.charge, replayed: true };
  throw new AppError(answer.code, answer.detail, { errors: answer.errors, headers: { 'Idempotent-Replayed': 'true' } });
}
