import { decimalToCents, isValidIsoDate, todayInSaoPaulo } from '@lib/brazil';
import type { SimReply } from './sim-server';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const len = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;
const int = (v: unknown, min: number, max: number) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const DATE = /^[12][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$/;

/** An Efí API Cobranças error body (`{code, error, error_description}`), HTTP 400 like the schema errors. */
export function chargesError(
  code: number,
  error: string,
  description: string | { property: string; message: string },
): SimReply {
  return { status: 400, body: { code, error, error_description: description } };
}
const schema = (property: string, message: string) => chargesError(3500034, 'validation_error', { property, message });

const TOP = ['items', 'shippings', 'metadata', 'payment'];

/**
 * Checks a `POST /v1/charge/one-step` body as Efí's docs and error catalog describe it: schema errors 3500034
 * with a JSON-pointer property, minimum R$ 5,00 (4600036), due date not past (4600007), write-off 0..120 days,
 * message up to 4 lines of 100. Name/e-mail/phone limits are not documented and are loose here.
 */
export function validateOneStep(body: unknown): SimReply | undefined {
  const b = obj(body);
  if (!b) return schema('/', 'O corpo da requisição deve ser um objeto.');
  for (const k of Object.keys(b))
    if (!TOP.includes(k)) return schema(`/${k}`, 'Propriedade desconhecida (não está no schema).');
  const items = Array.isArray(b.items) ? b.items.map(obj) : [];
  if (items.length === 0) return schema('/items', 'A propriedade [items] é obrigatória.');
  let total = 0;
  for (const [i, item] of items.entries()) {
    if (!item || !len(item.name, 1, 255))
      return schema(`/items/${i}/name`, 'A string não corresponde ao tamanho esperado.');
    if (!int(item.value, 1, 9_999_999_999)) return schema(`/items/${i}/value`, 'O valor deve ser um inteiro positivo.');
    const amount = item.amount ?? 1;
    if (!int(amount, 1, 1000)) return schema(`/items/${i}/amount`, 'O valor deve ser um inteiro positivo.');
    total += (item.value as number) * (amount as number);
  }
  const meta = b.metadata === undefined ? {} : obj(b.metadata);
  if (!meta) return schema('/metadata', 'O valor deve ser um objeto.');
  if (meta.custom_id !== undefined && !len(meta.custom_id, 1, 255))
    return schema('/metadata/custom_id', 'A string não corresponde ao tamanho esperado.');
  const billet = obj(obj(b.payment)?.banking_billet);
  if (!billet) return schema('/payment/banking_billet', 'A propriedade [banking_billet] é obrigatória.');
  const c = obj(billet.customer);
  const base = '/payment/banking_billet';
  if (!c) return schema(`${base}/customer`, 'A propriedade [customer] é obrigatória.');
  const pj = obj(c.juridical_person);
  if (pj) {
    if (!len(pj.corporate_name, 1, 255))
      return schema(`${base}/customer/juridical_person/corporate_name`, 'Nome inválido.');
    if (typeof pj.cnpj !== 'string' || !/^[0-9A-Z]{12}\d{2}$/.test(pj.cnpj))
      return schema(`${base}/customer/juridical_person/cnpj`, 'CNPJ inválido.');
  } else {
    if (!len(c.name, 1, 255)) return schema(`${base}/customer/name`, 'A propriedade [name] é obrigatória.');
    if (typeof c.cpf !== 'string' || !/^\d{11}$/.test(c.cpf)) return schema(`${base}/customer/cpf`, 'CPF inválido.');
  }
  if (c.email !== undefined && (typeof c.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(c.email)))
    return schema(`${base}/customer/email`, 'E-mail inválido.');
  if (c.phone_number !== undefined && (typeof c.phone_number !== 'string' || !/^\d{10,11}$/.test(c.phone_number)))
    return schema(`${base}/customer/phone_number`, 'A string não corresponde ao modelo: ^[1-9]{2}9?[0-9]{8}$.');
  const a = c.address === undefined ? undefined : obj(c.address);
  if (c.address !== undefined && (!a || typeof a.zipcode !== 'string' || !/^\d{8}$/.test(a.zipcode)))
    return schema(`${base}/customer/address/zipcode`, 'CEP inválido.');
  if (typeof billet.expire_at !== 'string' || !DATE.test(billet.expire_at) || !isValidIsoDate(billet.expire_at))
    return schema(`${base}/expire_at`, `A string não corresponde ao modelo: ${DATE.source}.`);
  if (billet.expire_at < todayInSaoPaulo())
    return chargesError(4600007, 'invalid_date', 'A data de vencimento não pode ser anterior à data atual.');
  const conf = billet.configurations === undefined ? {} : obj(billet.configurations);
  if (!conf) return schema(`${base}/configurations`, 'O valor deve ser um objeto.');
  if (conf.days_to_write_off !== undefined && !int(conf.days_to_write_off, 0, 120))
    return schema(`${base}/configurations/days_to_write_off`, 'O valor deve estar entre 0 e 120.');
  if (conf.fine !== undefined && !int(conf.fine, 0, 1000))
    return schema(`${base}/configurations/fine`, 'Multa inválida.');
  const interest = obj(conf.interest);
  if (
    conf.interest !== undefined &&
    !int(conf.interest, 0, 330) &&
    !(interest && int(interest.value, 0, 10_000) && ['daily', 'monthly'].includes(String(interest.type)))
  )
    return schema(`${base}/configurations/interest`, 'Juros inválidos.');
  if (billet.message !== undefined) {
    const lines = typeof billet.message === 'string' ? billet.message.split('\n') : [];
    if (lines.length === 0 || lines.length > 4 || lines.some((l) => l.length > 100))
      return schema(`${base}/message`, 'A mensagem deve ter até 4 linhas de 100 caracteres.');
  }
  if (total < 500)
    return chargesError(
      4600036,
      'invalid_value',
      `valor da emissão ${(total / 100).toFixed(2)} é inferior ao limite mínimo para esta transação (5,00)`,
    );
  return undefined;
}

/** Efí `{nome, mensagem}` (cob pages) or BCB RFC 7807 with `violacoes` (cobv pages). */
export function pixError(
  kind: 'cob' | 'cobv',
  status: number,
  nome: string,
  mensagem: string,
  propriedade?: string,
): SimReply {
  if (kind === 'cob') return { status, body: { nome, mensagem } };
  return {
    status,
    body: {
      type: 'https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida',
      title: 'Cobrança inválida.',
      status,
      detail:
        'A requisição que busca alterar ou criar uma cobrança com vencimento não respeita o _schema_ ou está semanticamente errada.',
      violacoes: [{ razao: mensagem, propriedade: `cobv.${propriedade ?? 'body'}` }],
    },
  };
}

/** Checks a `PUT /v2/cob/:txid` or `/v2/cobv/:txid` body (BCB limits, Efí error words); cents when valid. */
export function validateCob(
  kind: 'cob' | 'cobv',
  body: unknown,
  keys: readonly string[],
): { error: SimReply } | { cents: number } {
  const fail = (nome: string, mensagem: string, prop?: string) => ({
    error: pixError(kind, 400, nome, mensagem, prop),
  });
  const b = obj(body);
  if (!b) return fail('json_invalido', 'O corpo da requisição não é um JSON válido');
  const original = obj(b.valor)?.original;
  if (typeof original !== 'string' || !/^\d{1,10}\.\d{2}$/.test(original))
    return fail('valor_invalido', 'Campo valor.original não respeita o schema', 'valor.original');
  const cents = decimalToCents(original);
  if (cents <= 0) return fail('valor_invalido', 'Campo valor.original deve ser maior que zero', 'valor.original');
  if (typeof b.chave !== 'string' || b.chave.length > 77 || !keys.includes(b.chave))
    return fail('chave_invalida', 'A chave informada não faz referência à conta Efí autenticada', 'chave');
  const d = b.devedor === undefined ? undefined : obj(b.devedor);
  if (kind === 'cobv' && !d)
    return fail('devedor_invalido', 'O objeto cobv.devedor não respeita o _schema_.', 'devedor');
  if (d) {
    if (!len(d.nome, 1, 200)) return fail('devedor_invalido', 'Campo devedor.nome é obrigatório', 'devedor.nome');
    if (d.cpf !== undefined && (typeof d.cpf !== 'string' || !/^\d{11}$/.test(d.cpf)))
      return fail('documento_invalido', 'Documento CPF em devedor.cpf é inválido', 'devedor.cpf');
    if (d.cnpj !== undefined && (typeof d.cnpj !== 'string' || !/^[0-9A-Z]{12}\d{2}$/.test(d.cnpj)))
      return fail('documento_invalido', 'Documento CNPJ em devedor.cnpj é inválido', 'devedor.cnpj');
    if ((d.cpf === undefined) === (d.cnpj === undefined))
      return fail('devedor_invalido', 'Informe devedor.cpf ou devedor.cnpj', 'devedor');
  }
  const cal = obj(b.calendario) ?? {};
  if (kind === 'cob' && cal.expiracao !== undefined && !int(cal.expiracao, 1, 2_147_483_647))
    return fail('calendario_invalido', 'Campo calendario.expiracao deve ser maior que zero', 'calendario.expiracao');
  if (kind === 'cobv') {
    const due = cal.dataDeVencimento;
    if (typeof due !== 'string' || !isValidIsoDate(due))
      return fail(
        'calendario_invalido',
        'Campo calendario.dataDeVencimento é obrigatório',
        'calendario.dataDeVencimento',
      );
    if (due < todayInSaoPaulo())
      return fail(
        'calendario_invalido',
        'A data de vencimento não pode ser anterior à data atual',
        'calendario.dataDeVencimento',
      );
  }
  if (b.solicitacaoPagador !== undefined && !len(b.solicitacaoPagador, 1, 140))
    return fail('solicitacao_invalida', 'Campo solicitacaoPagador excede 140 caracteres', 'solicitacaoPagador');
  if (b.infoAdicionais !== undefined && (!Array.isArray(b.infoAdicionais) || b.infoAdicionais.length > 50))
    return fail('info_adicionais_invalido', 'Campo infoAdicionais deve ter até 50 itens', 'infoAdicionais');
  return { cents };
}
