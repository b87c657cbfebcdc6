import type { ChargeStatus } from '../charge.model';
import type { ChargeEventType, InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';

/** The shape of a Cora invoice id (`inv_...`): the provider's own id check, shared by get/cancel and notifications. */
export const CORA_INVOICE_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** `webhook-event-id` (`evt_...`). */
const EVENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** `webhook-event-type`: "String composta do resource e trigger", e.g. `invoice.paid`. */
const EVENT_TYPE = /^([a-z][a-z0-9_-]{0,31})\.([a-z][a-z0-9_.-]{0,63})$/i;

/**
 * Cora triggers -> our event type and status. Only `paid` is READ (the official delivery example is
 * `invoice.paid`); Cora's table of triggers was not read, so `canceled`/`cancelled`, `overdue`/`late` are INFERRED
 * from its invoice states (CANCELLED, LATE). Any other trigger (created, open, ...) is charge.updated without a status.
 */
export const CORA_TRIGGERS: Readonly<Record<string, { type: ChargeEventType; status: ChargeStatus }>> = {
  paid: { type: 'charge.paid', status: 'PAID' },
  canceled: { type: 'charge.cancelled', status: 'CANCELLED' },
  cancelled: { type: 'charge.cancelled', status: 'CANCELLED' },
  overdue: { type: 'charge.overdue', status: 'OVERDUE' },
  late: { type: 'charge.overdue', status: 'OVERDUE' },
};

function malformed(why: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Not a Cora notification: ${why}.`);
}

function header(request: InboundNotification, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Cora POSTs with `content-length: 0`; an empty JSON object (added by a proxy or a client library) is tolerated. */
function assertEmptyBody(request: InboundNotification): void {
  const body = request.body;
  const emptyObject =
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    Object.keys(body as Record<string, unknown>).length === 0;
  const raw = request.rawBody.trim();
  if ((body !== undefined && !emptyObject) || (raw !== '' && !(emptyObject || raw === '{}')))
    throw malformed('Cora sends an empty body with the event in the webhook-* headers');
}

/**
 * Reads a Cora webhook delivery: a POST with an empty body, everything in the headers (`webhook-event-id: evt_...`,
 * `webhook-event-type: <resource>.<trigger>`, `webhook-resource-id: inv_...`, `user-agent: Cora-Webhook`). Cora
 * signs nothing: the URL token authenticated the call, and the gateway confirms by reading the invoice (which is
 * also the only way to learn its data), so no `charge` is returned. A resource other than `invoice` concerns no
 * charge: nothing is returned and Cora gets its 2xx.
 */
export function parseCoraNotification(request: InboundNotification): ProviderNotification[] {
  assertEmptyBody(request);
  const eventId = header(request, 'webhook-event-id');
  const eventType = header(request, 'webhook-event-type');
  const resourceId = header(request, 'webhook-resource-id');
  if (!eventId || !eventType || !resourceId)
    throw malformed('the webhook-event-id, webhook-event-type and webhook-resource-id headers are required');
  if (!EVENT_ID.test(eventId)) throw malformed('webhook-event-id is not an event id');
  const parts = EVENT_TYPE.exec(eventType);
  if (!parts) throw malformed('webhook-event-type is not "<resource>.<trigger>"');
  const resource = parts[1].toLowerCase();
  const trigger = parts[2].toLowerCase();
  if (resource !== 'invoice') return [];
  if (!CORA_INVOICE_ID.test(resourceId)) throw malformed('webhook-resource-id is not a Cora invoice id');
  const known = CORA_TRIGGERS[trigger];
  return [
    {
      eventId,
      chargeId: resourceId,
      type: known?.type ?? 'charge.updated',
      ...(known ? { status: known.status } : {}),
      providerStatus: eventType,
    },
  ];
}
