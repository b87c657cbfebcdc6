import { centsToDecimal, decimalToCents } from '@lib/brazil';
import type { Charge, ChargeStatus, CreateChargeInput, Payer } from '../charge.model';
import { ProviderError } from '../provider-error';

/** Inter `situacao` -> unified status: the one table. Unknown words fall back to PENDING (raw kept in providerStatus). */
export const INTER_STATUS: Readonly<Record<string, ChargeStatus>> = {
  EM_PROCESSAMENTO: 'PROCESSING',
  A_RECEBER: 'PENDING',
  ATRASADO: 'OVERDUE',
  PROTESTO: 'OVERDUE',
  RECEBIDO: 'PAID',
  MARCADO_RECEBIDO: 'PAID',
  CANCELADO: 'CANCELLED',
  EXPIRADO: 'EXPIRED',
  FALHA_EMISSAO: 'FAILED',
};

export function interStatus(raw: string): ChargeStatus {
  return INTER_STATUS[raw] ?? 'PENDING';
}

/** Days after the due date before Inter writes the charge off (EXPIRADO); Inter accepts 0..60. */
export const INTER_DAYS_PAYABLE_AFTER_DUE = 30;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function fieldError(field: string, message: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Banco Inter: ${field} ${message}.`, { fields: [{ field, message }] });
}

function reais(cents: number): string {
  return centsToDecimal(cents);
}

/** Inter amounts (number 2.5 or string "6.02") -> cents; undefined when absent or not an exact amount. */
export function interCents(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return decimalToCents(value);
  } catch {
    return undefined;
  }
}

/** CreateChargeInput -> Inter `POST /cobranca/v3/cobrancas` body (valorNominal in reais, exact). */
export function toInterCobranca(input: CreateChargeInput, seuNumero: string): Json {
  if (!input.dueDate) throw fieldError('dueDate', 'is required');
  const p = input.payer;
  const a = p.address;
  if (!a) throw fieldError('payer.address', 'is required by Banco Inter');
  const pagador: Json = {
    cpfCnpj: p.document,
    tipoPessoa: p.documentType === 'CNPJ' ? 'JURIDICA' : 'FISICA',
    nome: p.name,
    endereco: a.street,
    numero: a.number,
    bairro: a.district,
    cidade: a.city,
    uf: a.state,
    cep: a.zipCode,
    ...(a.complement ? { complemento: a.complement } : {}),
    ...(p.email ? { email: p.email } : {}),
  };
  const body: Json = {
    seuNumero,
    valorNominal: reais(input.amount),
    dataVencimento: input.dueDate,
    numDiasAgenda: INTER_DAYS_PAYABLE_AFTER_DUE,
    pagador,
  };
  if (input.fine?.percent !== undefined) body.multa = { codigo: 'PERCENTUAL', taxa: input.fine.percent };
  else if (input.fine?.amount !== undefined) body.multa = { codigo: 'VALORFIXO', valor: reais(input.fine.amount) };
  if (input.interest) body.mora = { codigo: 'TAXAMENSAL', taxa: input.interest.monthlyPercent };
  if (input.discount) {
    const days = Math.round((Date.parse(input.dueDate) - Date.parse(input.discount.until)) / 86_400_000);
    if (!(days >= 0)) throw fieldError('discount.until', 'must be on or before the due date');
    body.desconto =
      input.discount.percent !== undefined
        ? { codigo: 'PERCENTUALDATAINFORMADA', taxa: input.discount.percent, quantidadeDias: days }
        : { codigo: 'VALORFIXODATAINFORMADA', valor: reais(input.discount.amount ?? 0), quantidadeDias: days };
  }
  if (input.description) body.mensagem = { linha1: input.description.slice(0, 78) };
  return body;
}

/** Inter's field names in `violacoes[].propriedade` -> ours. */
export function ourField(propriedade: string): string {
  const map: Record<string, string> = {
    valorNominal: 'amount',
    dataVencimento: 'dueDate',
    seuNumero: 'externalId',
    'pagador.cpfCnpj': 'payer.document',
    'pagador.nome': 'payer.name',
    'pagador.cep': 'payer.address.zipCode',
    'pagador.uf': 'payer.address.state',
    'pagador.cidade': 'payer.address.city',
    'pagador.endereco': 'payer.address.street',
  };
  return map[propriedade] ?? propriedade.replace(/[^A-Za-z0-9_.[\]-]/g, '').slice(0, 64);
}

function payerOf(p: Json | undefined): Payer {
  const payer: Payer = {
    name: str(p?.nome) ?? '',
    document: str(p?.cpfCnpj) ?? '',
    documentType: p?.tipoPessoa === 'JURIDICA' ? 'CNPJ' : 'CPF',
  };
  if (str(p?.email)) payer.email = str(p?.email);
  if (p && str(p.endereco)) {
    payer.address = {
      street: str(p.endereco) ?? '',
      number: str(p.numero) ?? '',
      district: str(p.bairro) ?? '',
      city: str(p.cidade) ?? '',
      state: str(p.uf) ?? '',
      zipCode: str(p.cep) ?? '',
      ...(str(p.complemento) ? { complement: str(p.complemento) } : {}),
    };
  }
  return payer;
}

/** Inter dates are calendar days in Brasília time: `2024-11-11` -> `2024-11-11T00:00:00.000-03:00` (datetimes kept). */
function timestamp(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00.000-03:00` : s;
}

/** What create answers: Inter only returns codigoSolicitacao, so the charge is PROCESSING until a read fills it. */
export function processingCharge(id: string, input: CreateChargeInput, seuNumero: string, now = new Date()): Charge {
  const at = now.toISOString();
  return {
    id,
    providerId: 'inter',
    type: 'bolepix',
    status: 'PROCESSING',
    providerStatus: 'EM_PROCESSAMENTO',
    amount: input.amount,
    currency: 'BRL',
    dueDate: input.dueDate,
    description: input.description,
    externalId: seuNumero,
    payer: input.payer,
    createdAt: at,
    updatedAt: at,
  };
}

/** An Inter `{cobranca, boleto, pix}` (GET or list item) -> the unified Charge. */
export function fromInterCobranca(body: unknown): Charge {
  const root = obj(body);
  const c = obj(root?.cobranca);
  const id = str(c?.codigoSolicitacao);
  const situacao = str(c?.situacao);
  const amount = interCents(c?.valorNominal);
  if (!c || !id || !situacao || amount === undefined)
    throw new ProviderError('PROVIDER_ERROR', 'Banco Inter answered with a charge the gateway cannot read.');
  const boleto = obj(root?.boleto);
  const pix = obj(root?.pix);
  const createdAt = timestamp(c.dataEmissao) ?? new Date().toISOString();
  const charge: Charge = {
    id,
    providerId: 'inter',
    type: 'bolepix',
    status: interStatus(situacao),
    providerStatus: situacao,
    amount,
    currency: 'BRL',
    dueDate: str(c.dataVencimento),
    externalId: str(c.seuNumero),
    payer: payerOf(obj(c.pagador)),
    createdAt,
    updatedAt: timestamp(c.dataSituacao) ?? createdAt,
  };
  const barcode = str(boleto?.codigoBarras);
  const digitable = str(boleto?.linhaDigitavel);
  if (barcode && digitable) charge.boleto = { barcode, digitableLine: digitable };
  const brCode = str(pix?.pixCopiaECola);
  if (brCode) charge.pix = { brCode, ...(str(pix?.txid) ? { txid: str(pix?.txid) } : {}) };
  if (charge.status === 'PAID') {
    charge.paidAmount = interCents(c.valorTotalRecebido) ?? amount;
    charge.paidAt = charge.updatedAt;
  }
  if (charge.status === 'CANCELLED') charge.cancelledAt = charge.updatedAt;
  return charge;
}
