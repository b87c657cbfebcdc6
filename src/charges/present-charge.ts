import type { Charge } from '@lib/providers';
import { AppError } from '../common/errors/app-error';
import { chargeOutput } from './charge-tool.schemas';

/** The model's fields in the order MCP's output schema lists them (checked against the model there). */
const ORDER = Object.keys(chargeOutput.shape) as ReadonlyArray<keyof Charge>;

/** The unified charge in one field order for every provider, absent fields left out. */
export function presentCharge(charge: Charge): Charge {
  const out: Partial<Record<keyof Charge, unknown>> = {};
  for (const k of ORDER) if (charge[k] !== undefined && charge[k] !== null) out[k] = charge[k];
  return out as Charge;
}

const CHARGE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Refuses a malformed charge id before any provider or cache call. */
export function assertChargeId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !CHARGE_ID.test(id)) {
    throw AppError.validation([
      { field: 'provider_charge_id', message: 'provider_charge_id must be 1 to 128 letters, digits, ".", "_" or "-"' },
    ]);
  }
}
