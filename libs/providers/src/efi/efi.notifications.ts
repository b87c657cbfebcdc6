import type { InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import type { EfiCtx } from './efi.client';
import type { EfiChargesClient } from './efi-charges.client';
import { boletoId, efiChargeEventType, efiChargeStatus, pixId } from './efi.mapper';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

const TOKEN = /^[A-Za-z0-9-]{1,128}$/;
const TXID = /^[A-Za-z0-9]{26,35}$/;
const E2E = /^[A-Za-z0-9]{1,64}$/;

function malformed(what: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Not an Efí notification: ${what}.`);
}

/** The `notification` token of a Cobranças callback: a form field (parsed or raw) or a JSON field. */
function tokenOf(request: InboundNotification): unknown {
  const body = obj(request.body);
  if (body && 'notification' in body) return body.notification;
  if (request.body === undefined || typeof request.body === 'string') {
    const raw = typeof request.body === 'string' ? request.body : request.rawBody;
    if (/^\s*[{[]/.test(raw)) return undefined;
    return new URLSearchParams(raw.trim()).get('notification') ?? undefined;
  }
  return undefined;
}

/**
 * Reads an Efí notification. API Cobranças POSTs only `notification=<token>` (form; the token is the same for the
 * charge's whole life) and the details are pulled with `GET /v1/notification/:token` using the tenant's session:
 * that pull is the authentication, and it needs `ctx`. API Pix POSTs `{pix:[{endToEndId, txid, valor, horario,
 * devolucoes?}]}` (mTLS at Efí's side): one charge.paid per Pix received (charge.refunded per returned one).
 */
export async function parseEfiNotification(
  request: InboundNotification,
  ctx: EfiCtx | undefined,
  client: EfiChargesClient,
): Promise<ProviderNotification[]> {
  const body = obj(request.body) ?? (request.body === undefined ? parseJsonObject(request.rawBody) : undefined);
  if (body && 'pix' in body) return pixNotifications(body.pix);
  const token = tokenOf(request);
  if (token === undefined) throw malformed('expected a notification token or a pix list');
  if (typeof token !== 'string' || !TOKEN.test(token)) throw malformed('the notification token is not one');
  if (!ctx)
    throw new ProviderError(
      'PROVIDER_UNAVAILABLE',
      "Efí notifications are read with the tenant's Efí session, which is unknown until it calls POST /initialize; Efí retries later.",
      { retryAfterSeconds: 60 },
    );
  return chargeNotifications(token, await client.getNotification(ctx, token));
}

function parseJsonObject(raw: string): Json | undefined {
  try {
    return obj(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** The latest status change per charge of a notification history (ids increase per change of one token). */
export function chargeNotifications(token: string, history: unknown[]): ProviderNotification[] {
  const latest = new Map<number, { id: number; current: string }>();
  for (const raw of history) {
    const e = obj(raw);
    const chargeId = obj(e?.identifiers)?.charge_id;
    const current = obj(e?.status)?.current;
    const id = e?.id;
    if (!Number.isSafeInteger(chargeId) || !Number.isSafeInteger(id) || typeof current !== 'string') continue;
    const seen = latest.get(chargeId as number);
    if (!seen || (id as number) > seen.id) latest.set(chargeId as number, { id: id as number, current });
  }
  return [...latest.entries()].map(([chargeId, { id, current }]) => ({
    eventId: `${token}:${id}`,
    chargeId: boletoId(chargeId),
    type: efiChargeEventType(current),
    status: efiChargeStatus(current),
    providerStatus: current,
  }));
}

/**
 * `{pix:[...]}` -> one event per Pix received for a charge. A Pix without a charge txid (a payment to the key,
 * or a static QR whose txid is shorter than BCB's 26) concerns no charge of ours and is skipped. The charge id
 * is `pix-<txid>`: it does not depend on cob vs cobv, which the webhook does not say.
 */
export function pixNotifications(list: unknown): ProviderNotification[] {
  if (!Array.isArray(list) || list.length === 0) throw malformed('pix must be a non-empty list');
  const out: ProviderNotification[] = [];
  for (const raw of list) {
    const p = obj(raw);
    const e2e = p?.endToEndId;
    if (!p || typeof e2e !== 'string' || !E2E.test(e2e)) throw malformed('each pix needs an endToEndId');
    if (typeof p.txid !== 'string' || !TXID.test(p.txid)) continue;
    const chargeId = pixId(p.txid);
    const returns = (Array.isArray(p.devolucoes) ? p.devolucoes : []).map(obj).filter((d): d is Json => !!d);
    if (returns.length === 0) {
      out.push({ eventId: e2e, chargeId, type: 'charge.paid', status: 'PAID', providerStatus: 'CONCLUIDA' });
      continue;
    }
    for (const d of returns) {
      const status = typeof d.status === 'string' ? d.status : 'EM_PROCESSAMENTO';
      out.push({
        eventId: `${e2e}:${typeof d.id === 'string' ? d.id : ''}:${status}`,
        chargeId,
        type: status === 'DEVOLVIDO' ? 'charge.refunded' : 'charge.updated',
        ...(status === 'DEVOLVIDO' ? { status: 'REFUNDED' as const } : {}),
        providerStatus: status,
      });
    }
  }
  return out;
}
