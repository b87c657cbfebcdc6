import { randomBytes } from 'node:crypto';
import type { AsaasSimulator } from './asaas.simulator';
import type { AsaasSimAccess } from './asaas-sim.access';
import { ASAAS_SIM_STATUSES } from './asaas-sim.payments';
import type { AsaasSimPayments } from './asaas-sim.payments';
import { confirmRefund } from './asaas-sim.refunds';
import { digits } from './sim-oauth';
import type { SimReply, SimRequest } from './sim-server';

type Json = Record<string, unknown>;
type Handler = (r: SimRequest) => SimReply | Promise<SimReply>;

/** Registers one control route under the prefix the simulator chose (`/__sim` or `/v3/__sim`). */
export type AsaasSimControl = (method: string, path: string, fn: Handler) => void;

/** Brasília wall-clock time as Asaas writes it: `YYYY-MM-DD HH:mm:ss`, no zone (Brazil has no DST since 2019). */
const spNow = () => new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The Asaas simulator's test controls: /charges/:id/{pay {via?, status?}, overdue, refund, refund-confirm, status},
 * /notify {url, paymentId, event, token?}, /rate-limit {count, reset?, limit?} and /config {duplicateCustomers,
 * bankCode, minValueCents, quotaPer12h}.
 */
export function registerAsaasControls(
  ctl: AsaasSimControl,
  sim: AsaasSimulator,
  payments: AsaasSimPayments,
  access: AsaasSimAccess,
): void {
  const move = (r: SimRequest, from: string[], to: string) => control(sim, payments, r, from, to);
  // `{via: "PIX"}` pays a BOLETO with its Pix QR (`pixTransaction` set); a PIX payment is always paid by Pix.
  ctl('POST', '/charges/:id/pay', (r) => {
    const reply = move(
      r,
      ['PENDING', 'OVERDUE', 'AWAITING_RISK_ANALYSIS'],
      (r.body as Json | undefined)?.status === 'CONFIRMED' ? 'CONFIRMED' : 'RECEIVED',
    );
    const p = sim.payments.get(r.params.id);
    if (reply.status === 200 && p)
      p.paidWith = p.request.billingType === 'PIX' || (r.body as Json | undefined)?.via === 'PIX' ? 'PIX' : 'BOLETO';
    return reply.status === 200 && p ? { status: 200, body: sim.view(p) } : reply;
  });
  ctl('POST', '/charges/:id/refund-confirm', (r) => {
    const p = sim.payments.get(r.params.id);
    return p ? confirmRefund(p, (to) => payments.move(p, to)) : { status: 404, body: { error: 'no such payment' } };
  });
  ctl('POST', '/charges/:id/overdue', (r) => move(r, ['PENDING'], 'OVERDUE'));
  ctl('POST', '/charges/:id/refund', (r) => move(r, ['RECEIVED', 'CONFIRMED', 'RECEIVED_IN_CASH'], 'REFUNDED'));
  ctl('POST', '/charges/:id/status', (r) => {
    const to = (r.body as Json | undefined)?.status;
    if (typeof to !== 'string' || !ASAAS_SIM_STATUSES.includes(to))
      return { status: 400, body: { error: `status must be one of ${ASAAS_SIM_STATUSES.join(', ')}` } };
    return move(r, ASAAS_SIM_STATUSES, to);
  });
  ctl('POST', '/notify', (r) => notify(sim, payments, r.body as Json | undefined));
  ctl('POST', '/rate-limit', (r) => access.configureRateLimit(r.body as Json | undefined));
  ctl('POST', '/config', (r) => configure(sim, access, r.body as Json | undefined));
}

function configure(sim: AsaasSimulator, access: AsaasSimAccess, b: Json | undefined): SimReply {
  if (b?.duplicateCustomers !== undefined) sim.duplicateCustomers = b.duplicateCustomers === true;
  if (b?.bankCode !== undefined) {
    if (typeof b.bankCode !== 'string' || !/^[0-79]\d{2}$/.test(b.bankCode))
      return { status: 400, body: { error: 'bankCode must be 3 digits' } };
    sim.bankCode = b.bankCode;
  }
  if (b?.minValueCents !== undefined) {
    if (!Number.isInteger(b.minValueCents) || (b.minValueCents as number) < 1)
      return { status: 400, body: { error: 'minValueCents must be a positive integer' } };
    sim.minValueCents = b.minValueCents as number;
  }
  if (b?.quotaPer12h !== undefined) access.setQuotaPer12h(b.quotaPer12h);
  return {
    status: 200,
    body: {
      duplicateCustomers: sim.duplicateCustomers,
      bankCode: sim.bankCode,
      minValueCents: sim.minValueCents,
      quotaPer12h: access.quotaPer12h(),
    },
  };
}

/** A control move of the payment: any payment of any account, only from `from` (else 409). */
function control(sim: AsaasSimulator, payments: AsaasSimPayments, r: SimRequest, from: string[], to: string): SimReply {
  const p = sim.payments.get(r.params.id);
  if (!p) return { status: 404, body: { error: 'no such payment' } };
  if (p.deleted || !from.includes(payments.tick(p).status))
    return { status: 409, body: { error: `payment is ${p.deleted ? 'deleted' : p.status}` } };
  payments.move(p, to);
  return { status: 200, body: sim.view(p) };
}

/** POSTs `{id, event, dateCreated, payment}` to `url` with the account's `asaas-access-token` (or `token`; null: none). */
async function notify(sim: AsaasSimulator, payments: AsaasSimPayments, b: Json | undefined): Promise<SimReply> {
  const p = typeof b?.paymentId === 'string' ? sim.payments.get(b.paymentId) : undefined;
  if (typeof b?.url !== 'string' || typeof b.event !== 'string' || !p)
    return { status: 400, body: { error: 'url, event and the paymentId of an existing payment are required' } };
  const account = sim.accounts.find((a) => a.apiKey === p.apiKey);
  const token = b.token === null ? undefined : typeof b.token === 'string' ? b.token : account?.webhookToken;
  const eventId = `evt_${randomBytes(16).toString('hex')}&${digits(9)}`;
  const body = { id: eventId, event: b.event, dateCreated: spNow(), payment: sim.view(payments.tick(p)) };
  const res = await fetch(b.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'asaas-access-token': token } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  }).catch((err: Error) => ({ status: 0, text: () => Promise.resolve(err.message) }));
  return { status: 200, body: { eventId, status: res.status, response: (await res.text()).slice(0, 2000) } };
}
