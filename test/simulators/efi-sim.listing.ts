import { isValidIsoDate } from '@lib/brazil';
import { chargesError, pixError } from './efi-sim.validation';
import type { SimReply, SimRequest } from './sim-server';

/*
 * The Efí simulators' two listings, as CONTRACTS.md §1.4 and the official SDKs describe them. [READ]: GET
 * /v1/charges with charge_type, begin_date and end_date required, date_of (creation|payment|expired), status (one
 * word), customer_document, custom_id, value, limit, page; entries with `id`, a flat customer, and `payment`
 * {payment_method, paid_at, paid_value, banking_billet}; GET /v2/cob and /v2/cobv (BCB): inicio/fim RFC 3339
 * required, fim not before inicio, cpf xor cnpj, status, paginacao.paginaAtual >= 0, itensPorPagina 1..1000, answer
 * {parametros{inicio,fim,paginacao}, cobs}. [INFERRED]: a range of at most 366 days on both (every example spans one
 * year); Cobranças `limit` 1..100 and `page` from 1, unknown query names refused (its schema is strict), newest first.
 */

type Json = Record<string, unknown>;
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const CHARGES_PARAMS = new Set([
  'charge_type',
  'begin_date',
  'end_date',
  'date_of',
  'status',
  'customer_document',
  'custom_id',
  'value',
  'limit',
  'page',
]);
const LIST_STATUS = ['new', 'waiting', 'link', 'paid', 'unpaid', 'canceled', 'identified', 'settled', 'expired'];
const PIX_STATUS = ['ATIVA', 'CONCLUIDA', 'REMOVIDA_PELO_USUARIO_RECEBEDOR', 'REMOVIDA_PELO_PSP'];

/** What the listing needs of a stored Cobranças charge (the simulator's own record). */
export interface ListedEfiCharge {
  clientId: string;
  request: Json;
  status: string;
  createdAt: string;
  billet: Json;
  changes: Json[];
}

/** What the listing needs of a stored cob or cobv. */
export interface ListedCob {
  clientId: string;
  kind: 'cob' | 'cobv';
  body: Json;
  status: string;
  criacao: string;
}

const schema = (property: string, message: string) => chargesError(3500034, 'validation_error', { property, message });
const int = (v: string | null, min: number, max: number) =>
  v !== null && /^\d{1,7}$/.test(v) && Number(v) >= min && Number(v) <= max;

/** GET /v1/charges for one client: validated as above, filtered, one page of list entries. */
export function listEfiCharges(r: SimRequest, clientId: string, charges: Map<number, ListedEfiCharge>): SimReply {
  const q = r.query;
  for (const name of q.keys())
    if (!CHARGES_PARAMS.has(name)) return schema(`/${name}`, 'Propriedade desconhecida (não está no schema).');
  for (const name of ['charge_type', 'begin_date', 'end_date'])
    if (!q.get(name)) return chargesError(3500023, 'property_required', `A propriedade [${name}] é obrigatória.`);
  if (!['billet', 'carnet', 'subscription', 'card'].includes(q.get('charge_type') as string))
    return schema('/charge_type', 'Valor não permitido.');
  const [from, to] = [q.get('begin_date') as string, q.get('end_date') as string];
  for (const [name, v] of [
    ['begin_date', from],
    ['end_date', to],
  ])
    if (!DATE.test(v) || !isValidIsoDate(v))
      return schema(`/${name}`, 'A string não corresponde ao modelo: YYYY-MM-DD.');
  if (to < from) return schema('/end_date', 'end_date deve ser posterior a begin_date.');
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DAYS)
    return schema('/end_date', `O intervalo de datas deve ser de no máximo ${MAX_DAYS} dias.`);
  const dateOf = q.get('date_of') ?? 'creation';
  if (!['creation', 'payment', 'expired'].includes(dateOf)) return schema('/date_of', 'Valor não permitido.');
  const status = q.get('status');
  if (status !== null && !LIST_STATUS.includes(status)) return schema('/status', 'Valor não permitido.');
  const document = q.get('customer_document');
  if (document !== null && !/^(\d{11}|[0-9A-Z]{12}\d{2})$/.test(document))
    return schema('/customer_document', 'Documento inválido.');
  if (q.has('limit') && !int(q.get('limit'), 1, 100)) return schema('/limit', 'O valor deve estar entre 1 e 100.');
  if (q.has('page') && !int(q.get('page'), 1, 1_000_000)) return schema('/page', 'O valor deve ser maior que 0.');
  const limit = Number(q.get('limit') ?? 100);
  const page = Number(q.get('page') ?? 1);
  const entries = [...charges.entries()]
    .filter(([, c]) => c.clientId === clientId && q.get('charge_type') === 'billet')
    .map(([id, c]) => entry(id, c))
    .filter((e) => {
      const payment = e.payment as Json;
      const day =
        dateOf === 'creation'
          ? String(e.created_at).slice(0, 10)
          : dateOf === 'payment'
            ? (payment.paid_at as string | null)?.slice(0, 10)
            : ((payment.banking_billet as Json).expire_at as string);
      return day !== undefined && day >= from && day <= to;
    })
    .filter((e) => status === null || e.status === status)
    .filter((e) => document === null || [(e.customer as Json).cpf, (e.customer as Json).cnpj].includes(document))
    .filter((e) => !q.has('custom_id') || e.custom_id === q.get('custom_id'))
    .filter((e) => !q.has('value') || String(e.total) === q.get('value'))
    .sort((a, b) => (b.id as number) - (a.id as number));
  const data = entries.slice((page - 1) * limit, page * limit);
  return {
    status: 200,
    body: { code: 200, data, params: { begin_date: from, end_date: to, pagination: { limit, offset: 0, page } } },
  };
}

/** A stored charge as a list entry (the SDKs' ChargeListEntry). */
function entry(id: number, c: ListedEfiCharge): Json {
  const customer = ((c.request.payment as Json).banking_billet as Json).customer as Json;
  const pj = customer.juridical_person as Json | undefined;
  const paid = [...c.changes].reverse().find((x) => (x.status as Json).current === 'paid' && x.value !== undefined);
  const { message: _message, configurations: _configurations, ...billet } = c.billet;
  return {
    id,
    total: c.request.total,
    status: c.status,
    custom_id: ((c.request.metadata as Json | undefined)?.custom_id as string | undefined) ?? null,
    created_at: c.createdAt,
    customer: pj
      ? { cnpj: pj.cnpj, corporate_name: pj.corporate_name, phone_number: customer.phone_number ?? null }
      : { cpf: customer.cpf, name: customer.name, phone_number: customer.phone_number ?? null },
    payment: {
      payment_method: 'banking_billet',
      paid_at: c.status === 'paid' && paid ? paid.created_at : null,
      ...(c.status === 'paid' && paid ? { paid_value: paid.value, received_by_bank_at: paid.received_by_bank_at } : {}),
      banking_billet: billet,
    },
  };
}

/** GET /v2/cob or /v2/cobv for one client: BCB parameters validated, filtered by creation instant, one page. */
export function listEfiCobs(
  r: SimRequest,
  kind: 'cob' | 'cobv',
  clientId: string,
  cobs: Map<string, ListedCob>,
  view: (txid: string, cob: ListedCob) => Json,
): SimReply {
  const q = r.query;
  const bad = (name: string, message: string) => pixError(kind, 400, 'parametro_invalido', message, name);
  const [inicio, fim] = [q.get('inicio'), q.get('fim')];
  if (!inicio || !fim) return bad('inicio', 'Os parâmetros inicio e fim são obrigatórios');
  for (const [name, v] of [
    ['inicio', inicio],
    ['fim', fim],
  ])
    if (!INSTANT.test(v) || Number.isNaN(Date.parse(v))) return bad(name, `Campo ${name} deve respeitar a RFC 3339`);
  const [start, end] = [Date.parse(inicio), Date.parse(fim)];
  if (end < start) return bad('fim', 'O timestamp fim é anterior ao timestamp inicio');
  if (end - start > MAX_DAYS * DAY_MS) return bad('fim', `O intervalo deve ser de no máximo ${MAX_DAYS} dias`);
  const [cpf, cnpj] = [q.get('cpf'), q.get('cnpj')];
  if (cpf && cnpj) return bad('cpf', 'Os parâmetros cpf e cnpj não podem ser usados juntos');
  if (cpf !== null && !/^\d{11}$/.test(cpf)) return bad('cpf', 'Campo cpf é inválido');
  if (cnpj !== null && !/^[0-9A-Z]{14}$/.test(cnpj)) return bad('cnpj', 'Campo cnpj é inválido');
  const status = q.get('status');
  if (status !== null && !PIX_STATUS.includes(status)) return bad('status', 'Campo status é inválido');
  const [rawPage, rawSize] = [q.get('paginacao.paginaAtual'), q.get('paginacao.itensPorPagina')];
  if (rawPage !== null && !int(rawPage, 0, 1_000_000)) return bad('paginacao.paginaAtual', 'Página inválida');
  if (rawSize !== null && !int(rawSize, 1, 1000)) return bad('paginacao.itensPorPagina', 'Itens por página inválido');
  const [page, size] = [Number(rawPage ?? 0), Number(rawSize ?? 100)];
  const found = [...cobs.entries()]
    .filter(([, c]) => c.clientId === clientId && c.kind === kind)
    .filter(([, c]) => Date.parse(c.criacao) >= start && Date.parse(c.criacao) <= end)
    .filter(([, c]) => status === null || c.status === status)
    .filter(([, c]) => {
      const devedor = (c.body.devedor as Json | undefined) ?? {};
      return (cpf === null || devedor.cpf === cpf) && (cnpj === null || devedor.cnpj === cnpj);
    });
  const pages = Math.ceil(found.length / size);
  return {
    status: 200,
    body: {
      parametros: {
        inicio,
        fim,
        paginacao: {
          paginaAtual: page,
          itensPorPagina: size,
          quantidadeDePaginas: pages,
          quantidadeTotalDeItens: found.length,
        },
      },
      cobs: found.slice(page * size, (page + 1) * size).map(([txid, c]) => view(txid, c)),
    },
  };
}
