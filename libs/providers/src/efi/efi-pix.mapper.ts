import { centsToDecimal, decimalToCents, todayInSaoPaulo } from '@lib/brazil';
import type { Charge, ChargeRefund, CreateChargeInput, Payer } from '../charge.model';
import { fromPixDevolucao } from '../pix-devolucao.mapper';
import { ProviderError } from '../provider-error';
import { efiPixStatus, pixId } from './efi.mapper';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Seconds a cob stays payable when the caller gives none (BCB default). */
export const EFI_PIX_DEFAULT_EXPIRY = 86_400;
/** Calendar days a cobv stays payable after its due date (BCB `validadeAposVencimento`; BCB default 30). */
export const EFI_COBV_DAYS_AFTER_DUE = 30;
/** `infoAdicionais` entry that carries our externalId (the Pix API has no custom id of its own). */
export const EXTERNAL_ID_INFO = 'externalId';

/** Efí Pix amounts are decimal strings in reais ("123.45"): exact conversion, undefined when not one. */
export function pixCents(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,10}\.\d{2}$/.test(v)) return undefined;
  return decimalToCents(v);
}

/** CreateChargeInput -> `PUT /v2/cob/:txid` (no due date) or `PUT /v2/cobv/:txid` (with one). */
export function toEfiCob(input: CreateChargeInput, pixKey: string): { kind: 'cob' | 'cobv'; body: Json } {
  const p = input.payer;
  const devedor: Json = { [p.documentType === 'CNPJ' ? 'cnpj' : 'cpf']: p.document, nome: p.name.slice(0, 200) };
  const valor: Json = { original: centsToDecimal(input.amount) };
  const body: Json = { devedor, valor, chave: pixKey };
  if (input.description) body.solicitacaoPagador = input.description.slice(0, 140);
  if (input.externalId) body.infoAdicionais = [{ nome: EXTERNAL_ID_INFO, valor: input.externalId.slice(0, 200) }];
  if (!input.dueDate) {
    body.calendario = { expiracao: input.expiresInSeconds ?? EFI_PIX_DEFAULT_EXPIRY };
    return { kind: 'cob', body };
  }
  body.calendario = { dataDeVencimento: input.dueDate, validadeAposVencimento: EFI_COBV_DAYS_AFTER_DUE };
  if (p.address) {
    Object.assign(devedor, {
      logradouro: `${p.address.street}, ${p.address.number}`.slice(0, 200),
      cidade: p.address.city.slice(0, 200),
      uf: p.address.state,
      cep: p.address.zipCode,
    });
  }
  // BCB modalities [INFERRED from the BCB tables]: multa 1 fixed / 2 percent; juros 3 = percent per month
  // (calendar days); desconto 1 = fixed until a date / 2 = percent until a date.
  if (input.fine?.percent !== undefined) valor.multa = { modalidade: 2, valorPerc: input.fine.percent.toFixed(2) };
  else if (input.fine?.amount !== undefined)
    valor.multa = { modalidade: 1, valorPerc: centsToDecimal(input.fine.amount) };
  if (input.interest) valor.juros = { modalidade: 3, valorPerc: input.interest.monthlyPercent.toFixed(2) };
  if (input.discount) {
    const value =
      input.discount.percent !== undefined
        ? input.discount.percent.toFixed(2)
        : centsToDecimal(input.discount.amount ?? 0);
    valor.desconto = {
      modalidade: input.discount.percent !== undefined ? 2 : 1,
      descontoDataFixa: [{ data: input.discount.until, valorPerc: value }],
    };
  }
  return { kind: 'cobv', body };
}

function payerOf(d: Json | undefined): Payer {
  const cnpj = str(d?.cnpj);
  return { name: str(d?.nome) ?? '', document: cnpj ?? str(d?.cpf) ?? '', documentType: cnpj ? 'CNPJ' : 'CPF' };
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A cob or cobv (create answer, GET or PATCH) -> the unified Charge, with the ATIVA derivations applied. */
export function fromEfiCob(body: unknown, now = new Date()): Charge {
  const b = obj(body);
  const txid = str(b?.txid);
  const status = str(b?.status);
  const amount = pixCents(obj(b?.valor)?.original);
  const cal = obj(b?.calendario);
  const criacao = str(cal?.criacao);
  if (!b || !txid || !status || amount === undefined || !criacao)
    throw new ProviderError('PROVIDER_ERROR', 'Efí answered with a Pix charge the gateway cannot read.');
  // GET examples send expiracao as a string ("3600"): accept both.
  const expiracao = Number(cal?.expiracao ?? NaN);
  const dueDate = str(cal?.dataDeVencimento);
  const expiresAtMs = dueDate || !(expiracao > 0) ? undefined : Date.parse(criacao) + expiracao * 1000;
  const after = Number(cal?.validadeAposVencimento ?? EFI_COBV_DAYS_AFTER_DUE);
  const received = (Array.isArray(b.pix) ? b.pix : []).map(obj).filter((x): x is Json => !!x);
  const paid = received.reduce((s, x) => s + (pixCents(x.valor) ?? 0), 0);
  const returned = received
    .flatMap((x) => (Array.isArray(x.devolucoes) ? x.devolucoes : []).map(obj))
    .filter((d) => d?.status === 'DEVOLVIDO')
    .reduce((s, d) => s + (pixCents(d?.valor) ?? 0), 0);
  const charge: Charge = {
    id: pixId(txid),
    providerId: 'efi',
    type: 'pix',
    status: efiPixStatus(
      status,
      {
        expiresAtMs,
        dueDate,
        lastPayableDate: dueDate && after >= 0 ? addDays(dueDate, after) : undefined,
        today: todayInSaoPaulo(now),
        nowMs: now.getTime(),
      },
      paid > 0 && returned >= paid,
    ),
    providerStatus: status,
    amount,
    currency: 'BRL',
    ...(dueDate ? { dueDate } : {}),
    description: str(b.solicitacaoPagador),
    externalId: (Array.isArray(b.infoAdicionais) ? b.infoAdicionais : [])
      .map(obj)
      .find((i) => i?.nome === EXTERNAL_ID_INFO)?.valor as string | undefined,
    payer: payerOf(obj(b.devedor)),
    createdAt: criacao,
    updatedAt: str(received.at(-1)?.horario) ?? criacao,
  };
  const brCode = str(b.pixCopiaECola);
  if (brCode)
    charge.pix = {
      brCode,
      txid,
      ...(expiresAtMs !== undefined ? { expiresAt: new Date(expiresAtMs).toISOString() } : {}),
    };
  if (charge.status === 'PAID' || charge.status === 'REFUNDED') {
    charge.paidAmount = paid || amount;
    charge.paidAt = str(received.at(-1)?.horario) ?? charge.updatedAt;
  }
  const refunds = received
    .flatMap((x) => (Array.isArray(x.devolucoes) ? x.devolucoes : []).map(obj))
    .map((d) => fromPixDevolucao(d, pixCents));
  const known = refunds.filter((r): r is ChargeRefund => r !== undefined);
  if (known.length > 0) {
    charge.refunds = known;
    charge.refundedAmount = known.filter((r) => r.status !== 'FAILED').reduce((s, r) => s + r.amount, 0);
  }
  return charge;
}

/** The end-to-end id of the payment a refund of `cents` can come from (the first with that much left), if any. */
export function refundableE2e(body: unknown, cents: number): string | undefined {
  const received = (Array.isArray(obj(body)?.pix) ? (obj(body)?.pix as unknown[]) : []).map(obj);
  for (const p of received) {
    const e2e = str(p?.endToEndId);
    const done = (Array.isArray(p?.devolucoes) ? p.devolucoes : [])
      .map(obj)
      .filter((d) => d?.status !== 'NAO_REALIZADO')
      .reduce((s, d) => s + (pixCents(d?.valor) ?? 0), 0);
    if (e2e && (pixCents(p?.valor) ?? 0) - done >= cents) return e2e;
  }
  return undefined;
}
