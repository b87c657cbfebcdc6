import { randomBytes } from 'node:crypto';
import { centsToDecimal } from '@lib/brazil';
import type { Charge, ChargeRefund, RefundChargeInput } from '../charge.model';
import type { ProviderContext, RefundOptions } from '../charge-provider';
import { fromPixDevolucao } from '../pix-devolucao.mapper';
import { ProviderError } from '../provider-error';
import type { InterCredentials } from './inter.credentials';
import { fromInterCobranca, interCents } from './inter.mapper';
import type { InterPixClient } from './inter-pix.client';

type Ctx = ProviderContext<InterCredentials>;
type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** How long the e2eId of a refunded charge's Pix is remembered: past the BCB's 90 days to ask for a devolução. */
const E2E_TTL_MS = 400 * 86_400_000;
const e2eName = (codigo: string) => `pix-e2e:${codigo}`;

/**
 * The charge with the devoluções of its Pix: `refunds`, `refundedAmount` (all but FAILED), and REFUNDED once the
 * devoluções DONE cover the Pix (Inter's Cobrança still says RECEBIDO: the money moves in the Pix API only).
 */
export function withDevolucoes(charge: Charge, pix: Json): Charge {
  const paid = pixPaid(charge, pix);
  const refunds = (Array.isArray(pix.devolucoes) ? pix.devolucoes : [])
    .map((d) => fromPixDevolucao(obj(d), interCents))
    .filter((r): r is ChargeRefund => r !== undefined);
  if (refunds.length === 0) return charge;
  const refundedAmount = refunds.filter((r) => r.status !== 'FAILED').reduce((s, r) => s + r.amount, 0);
  const done = refunds.filter((r) => r.status === 'DONE').reduce((s, r) => s + r.amount, 0);
  return { ...charge, refunds, refundedAmount, ...(done >= paid ? { status: 'REFUNDED' as const } : {}) };
}

/** What the Pix paid (its `valor`): the most its devoluções may add up to. */
function pixPaid(charge: Charge, pix: Json): number {
  return interCents(pix.valor) ?? charge.paidAmount ?? charge.amount;
}

/** Brasília day `YYYY-MM-DD` shifted by `days`, at 00:00 -03:00 (Brazil has no DST since 2019). */
function dayStart(day: string, days: number): Date {
  return new Date(Date.parse(`${day}T00:00:00-03:00`) + days * 86_400_000);
}

/**
 * Refunds of a bolepix paid by Pix, through Inter's API Pix: the e2eId of the payment is looked up by the charge's
 * txid around its payment day (`GET /pix/v2/pix?txId`), then a devolução named by the gateway's refund key is asked
 * for (`PUT /pix/v2/pix/{e2eId}/devolucao/{id}`), so a retry, even past a lost idempotency record, refunds once. The
 * e2eId is kept in the tenant's provider state: later reads of the charge show its refunds with one extra call.
 */
export class InterRefunds {
  constructor(private readonly pix: InterPixClient) {}

  /**
   * A PAID charge this tenant refunded through the gateway, with its devoluções; any other charge as it is. A state
   * store that cannot answer only costs the refunds on this read (the read itself never fails for it).
   */
  async withRefunds(ctx: Ctx, charge: Charge): Promise<Charge> {
    if (charge.status !== 'PAID') return charge;
    const e2e = await ctx.state.get(e2eName(charge.id)).catch(() => undefined);
    return e2e ? withDevolucoes(charge, await this.pix.getPix(ctx, e2e)) : charge;
  }

  /** `raw` is the cobrança as GET /cobranca/v3/cobrancas/{codigoSolicitacao} answered it just now. */
  async refund(ctx: Ctx, raw: unknown, input: RefundChargeInput, options: RefundOptions): Promise<Charge> {
    const charge = fromInterCobranca(raw);
    if (charge.status !== 'PAID')
      throw new ProviderError(
        'CHARGE_NOT_REFUNDABLE',
        `The charge is ${charge.status} at Banco Inter (${charge.providerStatus}); only a paid charge can be refunded.`,
      );
    const origin = str(obj(obj(raw)?.cobranca)?.origemRecebimento);
    if (origin !== 'PIX')
      throw new ProviderError(
        'UNSUPPORTED_OPERATION',
        `Banco Inter refunds only a bolepix paid by Pix (a Pix devolução); this one was ${origin === 'BOLETO' ? 'paid by boleto' : `settled as ${charge.providerStatus}`}, which Inter's API cannot give back: return the money by a transfer of your own.`,
      );
    const e2e = await this.e2eOf(ctx, raw, charge);
    const pix = await this.pix.getPix(ctx, e2e);
    const current = withDevolucoes(charge, pix);
    if (options.refundKey && current.refunds?.some((r) => r.id === options.refundKey)) return current;
    const left = pixPaid(charge, pix) - (current.refundedAmount ?? 0);
    if (current.status !== 'PAID' || left <= 0)
      throw new ProviderError('CHARGE_NOT_REFUNDABLE', 'Nothing is left to refund of this charge at Banco Inter.');
    const amount = input.amount ?? left;
    if (amount > left)
      throw new ProviderError(
        'REFUND_EXCEEDS_PAID',
        `The refund of ${amount} cents is above what is left to refund: ${left} cents.`,
      );
    await this.pix.putDevolucao(ctx, e2e, options.refundKey ?? randomBytes(16).toString('hex'), {
      valor: centsToDecimal(amount),
      natureza: 'ORIGINAL',
      ...(input.reason ? { descricao: input.reason } : {}),
    });
    return withDevolucoes(charge, await this.pix.getPix(ctx, e2e));
  }

  /** The end-to-end id of the Pix that paid the charge: remembered, or found by txid around the payment day. */
  private async e2eOf(ctx: Ctx, raw: unknown, charge: Charge): Promise<string> {
    const known = await ctx.state.get(e2eName(charge.id)).catch(() => undefined);
    if (known) return known;
    const txid = str(obj(obj(raw)?.pix)?.txid);
    const day = str(obj(obj(raw)?.cobranca)?.dataSituacao)?.slice(0, 10);
    if (!txid || !day || !/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new ProviderError('PROVIDER_ERROR', 'Banco Inter sent no txid or payment day for this Pix payment.');
    const until = Math.min(Date.now(), dayStart(day, 2).getTime());
    const found = await this.pix.findByTxid(ctx, txid, dayStart(day, -1).toISOString(), new Date(until).toISOString());
    const e2e = found.map((p) => (str(p.txid) === txid ? str(p.endToEndId) : undefined)).find(Boolean);
    if (!e2e)
      throw new ProviderError(
        'PROVIDER_ERROR',
        `Banco Inter reports the charge paid by Pix, but its Pix API lists no Pix of its txid around ${day}.`,
      );
    // Remembered before the devolução is asked for, so a read after a lost answer still shows it. Best effort: the
    // devolução's own id (the refund key) is what keeps a retry from refunding twice, not this entry.
    await ctx.state.set(e2eName(charge.id), e2e, { ttlMs: E2E_TTL_MS }).catch(() => false);
    return e2e;
  }
}
