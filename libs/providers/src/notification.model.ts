import type { Charge, ChargeStatus } from './charge.model';

/** The event types the gateway emits (issue "webhooks"): what a bank's notification claims happened to a charge. */
export const CHARGE_EVENT_TYPES = [
  'charge.paid',
  'charge.cancelled',
  'charge.overdue',
  'charge.expired',
  'charge.refunded',
  'charge.updated',
] as const;
export type ChargeEventType = (typeof CHARGE_EVENT_TYPES)[number];

/** The event type that announces a charge reaching `status` (charge.updated for the statuses without one). */
export function eventTypeForStatus(status: ChargeStatus | undefined): ChargeEventType {
  switch (status) {
    case 'PAID':
      return 'charge.paid';
    case 'CANCELLED':
      return 'charge.cancelled';
    case 'OVERDUE':
      return 'charge.overdue';
    case 'EXPIRED':
      return 'charge.expired';
    case 'REFUNDED':
      return 'charge.refunded';
    default:
      return 'charge.updated';
  }
}

/** One HTTP request a bank sent to the gateway's notification URL, as received (already authenticated by its URL token). */
export interface InboundNotification {
  /** Request headers, names lowercase. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body parsed by its content type: JSON → value, `application/x-www-form-urlencoded` → flat object, none → undefined. */
  body: unknown;
  /** The body's raw text ('' when none), for banks that sign or hash the exact bytes. */
  rawBody: string;
}

/** What one bank notification claims about one charge. A hint: the gateway confirms it by reading the charge when it can. */
export interface ProviderNotification {
  /** The bank's own id for this notification when it sends one (duplicates are dropped by it for 7 days). */
  eventId?: string;
  /** The charge's id as the gateway exposes it (the same id `get` takes). */
  chargeId: string;
  /** The event the bank's words map to. */
  type: ChargeEventType;
  /** Our status, when the bank's notification states one. */
  status?: ChargeStatus;
  /** The bank's own status or event word, as sent. */
  providerStatus?: string;
  /** The charge as the notification describes it, when it carries enough for the unified model. */
  charge?: Charge;
}
