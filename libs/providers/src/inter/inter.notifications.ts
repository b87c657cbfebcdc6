import type { Charge } from '../charge.model';
import { eventTypeForStatus, InboundNotification, ProviderNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import { fromInterCobranca, interCents, interStatus } from './inter.mapper';

/** The shape of an Inter codigoSolicitacao (a UUID): the provider's own id check, shared with notifications. */
export const INTER_CODIGO = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SITUACAO = /^[A-Z][A-Z0-9_]{0,39}$/;
/** `dataHoraSituacao`, e.g. `2024-09-12T14:37:13.047Z` (kept as sent in the event id, so only safe characters). */
const DATA_HORA = /^\d{4}-\d{2}-\d{2}[T ][0-9:.+\-Z]{1,40}$|^\d{4}-\d{2}-\d{2}$/;
/** At most this many items in one delivery (Inter batches the changes of one account). */
const MAX_ITEMS = 1000;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function malformed(why: string): ProviderError {
  return new ProviderError('VALIDATION_ERROR', `Not a Banco Inter notification: ${why}.`);
}

/** The JSON body, also when it came without a JSON content type. */
function bodyOf(request: InboundNotification): unknown {
  if ((request.body === undefined || typeof request.body === 'string') && request.rawBody.trim() !== '') {
    try {
      return JSON.parse(request.rawBody);
    } catch {
      throw malformed('the body is not JSON');
    }
  }
  return request.body;
}

/**
 * The charge an item describes, when it carries enough for the unified model (amount, payer, emission date). The
 * v3 callback item does not (no valorNominal, no pagador): the gateway then reads the charge, as it does anyway
 * to confirm. Kept for callbacks that carry the full cobrança.
 */
function chargeOf(item: Json, situacao: string, dataHoraSituacao: string | undefined): Charge | undefined {
  const pagador = obj(item.pagador);
  if (
    interCents(item.valorNominal) === undefined ||
    !str(pagador?.nome) ||
    !str(pagador?.cpfCnpj) ||
    !str(item.dataEmissao)
  )
    return undefined;
  try {
    return fromInterCobranca({
      cobranca: { ...item, situacao, dataSituacao: dataHoraSituacao ?? item.dataSituacao },
      boleto: { nossoNumero: item.nossoNumero, codigoBarras: item.codigoBarras, linhaDigitavel: item.linhaDigitavel },
      pix: { txid: item.txid, pixCopiaECola: item.pixCopiaECola },
    });
  } catch {
    return undefined;
  }
}

function notificationOf(raw: unknown, index: number): ProviderNotification {
  const item = obj(raw);
  if (!item) throw malformed(`item ${index} is not an object`);
  const codigo = str(item.codigoSolicitacao);
  if (!codigo || !INTER_CODIGO.test(codigo)) throw malformed(`item ${index} has no valid codigoSolicitacao`);
  const situacao = str(item.situacao);
  if (!situacao || !SITUACAO.test(situacao)) throw malformed(`item ${index} has no valid situacao`);
  const dataHora = item.dataHoraSituacao;
  if (dataHora !== undefined && (typeof dataHora !== 'string' || !DATA_HORA.test(dataHora)))
    throw malformed(`item ${index} has an invalid dataHoraSituacao`);
  // Money is absent on CANCELADO; when present it is a decimal string in reais ("6.02"), read exactly as cents.
  if (item.valorTotalRecebido !== undefined && interCents(item.valorTotalRecebido) === undefined)
    throw malformed(`item ${index} has an invalid valorTotalRecebido`);
  const status = interStatus(situacao);
  const notification: ProviderNotification = {
    // Inter sends no event id: one per state change, so redeliveries of the same change dedupe.
    ...(dataHora ? { eventId: `${codigo}:${situacao}:${dataHora}` } : {}),
    chargeId: codigo,
    type: eventTypeForStatus(status),
    status,
    providerStatus: situacao,
  };
  const charge = chargeOf(item, situacao, dataHora as string | undefined);
  if (charge) notification.charge = charge;
  return notification;
}

/**
 * Reads a Banco Inter (Cobrança v3) webhook delivery: a JSON array of `{codigoSolicitacao, seuNumero, situacao,
 * dataHoraSituacao, valorTotalRecebido, origemRecebimento, nossoNumero, codigoBarras, linhaDigitavel, txid,
 * pixCopiaECola}`, one notification per item (in order). Anything but an array (the older v2 single object
 * included) is refused; an empty array concerns no charge.
 *
 * Authenticity: Inter signs nothing (no HMAC); it presents its own TLS client certificate, to be validated against
 * Inter's webhook CA by whatever terminates TLS. The gateway's route cannot see that certificate, so here only the
 * URL token authenticated the call, and the gateway confirms each item by reading the charge. The `x-conta-corrente`
 * header Inter adds is not checked.
 */
export function parseInterNotification(request: InboundNotification): ProviderNotification[] {
  const body = bodyOf(request);
  if (!Array.isArray(body)) throw malformed('Inter sends a JSON array of cobrança items');
  if (body.length > MAX_ITEMS) throw malformed(`more than ${MAX_ITEMS} items`);
  return body.map((item, index) => notificationOf(item, index));
}
