import { createHash, timingSafeEqual } from 'node:crypto';
import type { Payer } from '../charge.model';
import type { ProviderContext } from '../charge-provider';
import type { ChargeEventType, InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import type { AsaasCredentials } from './asaas.credentials';
import { ASAAS_DELETED, asaasStatus, fromAsaasPayment, obj, str } from './asaas.mapper';

/** Asaas webhook events -> our event types; every other PAYMENT_* event is charge.updated. */
export const ASAAS_EVENTS: Readonly<Record<string, ChargeEventType>> = {
  PAYMENT_RECEIVED: 'charge.paid',
  PAYMENT_CONFIRMED: 'charge.paid',
  PAYMENT_DELETED: 'charge.cancelled',
  PAYMENT_OVERDUE: 'charge.overdue',
  PAYMENT_REFUNDED: 'charge.refunded',
};

const SAFE_ID = /^[A-Za-z0-9_&.:-]{1,128}$/;

function malformed(why: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Not an Asaas notification: ${why}.`);
}

/** Constant-time comparison of two strings of any length (compares their SHA-256). */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Verifies the `asaas-access-token` header against the webhook token of the tenant's credentials, when both the
 * tenant's context and a configured token are there (otherwise the URL token alone authenticated the call).
 */
export function verifyAsaasToken(
  request: InboundNotification,
  ctx: ProviderContext<AsaasCredentials> | undefined,
): void {
  const expected = ctx?.credentials.webhookToken;
  if (!expected) return;
  const given = request.headers['asaas-access-token'];
  if (typeof given !== 'string' || given === '' || !sameToken(given, expected))
    throw new ProviderError(
      'WEBHOOK_UNAUTHORIZED',
      'The asaas-access-token header is missing or does not match the webhook token of the credentials.',
    );
}

/** The JSON body, also when it came without a JSON content type. */
function bodyOf(request: InboundNotification): Record<string, unknown> {
  let body = request.body;
  if ((body === undefined || typeof body === 'string') && request.rawBody.trim() !== '') {
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      throw malformed('the body is not JSON');
    }
  }
  const b = obj(body);
  if (!b) throw malformed('the body is not a JSON object');
  return b;
}

/**
 * Reads an Asaas webhook call `{id, event, dateCreated, payment}`. Events that are not about a payment (transfers,
 * invoices, ...) concern no charge: none is returned, so Asaas gets its 200 and does not penalise the queue.
 * `payer` (remembered by the provider for the payment's customer) lets the notification carry the whole charge.
 */
export async function parseAsaasNotification(
  request: InboundNotification,
  ctx: ProviderContext<AsaasCredentials> | undefined,
  payerOf?: (customerId: string) => Promise<Payer | undefined>,
): Promise<ProviderNotification[]> {
  verifyAsaasToken(request, ctx);
  const body = bodyOf(request);
  const event = str(body.event);
  const eventId = str(body.id);
  if (!event || !/^[A-Z][A-Z0-9_]{0,63}$/.test(event)) throw malformed('no event');
  if (!eventId || !SAFE_ID.test(eventId)) throw malformed('no event id');
  if (!event.startsWith('PAYMENT_')) return [];
  const payment = obj(body.payment);
  const chargeId = str(payment?.id);
  if (!payment || !chargeId || !SAFE_ID.test(chargeId)) throw malformed(`${event} without a payment id`);
  const raw = str(payment.status);
  const providerStatus = payment.deleted === true || event === 'PAYMENT_DELETED' ? ASAAS_DELETED : raw;
  const notification: ProviderNotification = {
    eventId,
    chargeId,
    type: ASAAS_EVENTS[event] ?? 'charge.updated',
    ...(providerStatus ? { providerStatus, status: asaasStatus(providerStatus) } : {}),
  };
  const customer = str(payment.customer);
  const payer = customer && payerOf ? await payerOf(customer).catch(() => undefined) : undefined;
  if (payer) {
    try {
      notification.charge = fromAsaasPayment({ ...payment, deleted: providerStatus === ASAAS_DELETED }, payer);
    } catch {
      // not enough for the unified model: the gateway reads the charge instead
    }
  }
  return [notification];
}
