import { isValidIsoDate, todayInSaoPaulo } from '@lib/brazil';

export interface Violacao {
  razao: string;
  propriedade: string;
  valor: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const len = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;

/** valorNominal as the official SDKs send it (a JSON number or a decimal string) -> cents, or undefined. */
export function reaisToCents(v: unknown): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

const MULTA = ['NAOTEMMULTA', 'VALORFIXO', 'PERCENTUAL'];
const MORA = ['VALORDIA', 'TAXAMENSAL', 'ISENTO', 'CONTROLEDOBANCO'];
const DESCONTO = [
  'NAOTEMDESCONTO',
  'VALORFIXODATAINFORMADA',
  'PERCENTUALDATAINFORMADA',
  'VALORANTECIPACAODIAUTIL',
  'PERCENTUALVALORNOMINALDIACORRIDO',
  'PERCENTUALVALORNOMINALDIAUTIL',
];

/**
 * Checks a `POST /cobranca/v3/cobrancas` body with the limits Inter's clients enforce: seuNumero
 * 1..15, valorNominal 2.50..99,999,999.99, numDiasAgenda 0..60, dataVencimento not past, pagador
 * fields, and the multa / mora / desconto codes. Returns Inter `violacoes` (empty when valid).
 */
export function validateCobranca(body: unknown): Violacao[] {
  const out: Violacao[] = [];
  const add = (propriedade: string, razao: string, valor: unknown) =>
    out.push({ propriedade, razao, valor: valor === undefined ? '' : String(valor).slice(0, 40) });
  const b = obj(body);
  if (!b) return [{ propriedade: 'body', razao: 'corpo da requisição inválido', valor: '' }];
  if (!len(b.seuNumero, 1, 15)) add('seuNumero', 'tamanho deve ser entre 1 e 15', b.seuNumero);
  const cents = reaisToCents(b.valorNominal);
  if (cents === undefined) add('valorNominal', 'deve ser um valor decimal com até 2 casas', b.valorNominal);
  else if (cents < 250) add('valorNominal', 'deve ser maior ou igual a 2.5', b.valorNominal);
  const due = typeof b.dataVencimento === 'string' ? b.dataVencimento : '';
  if (!isValidIsoDate(due)) add('dataVencimento', 'deve estar no formato yyyy-MM-dd', b.dataVencimento);
  else if (due < todayInSaoPaulo()) add('dataVencimento', 'não pode ser anterior à data atual', due);
  if (!Number.isInteger(b.numDiasAgenda) || (b.numDiasAgenda as number) < 0 || (b.numDiasAgenda as number) > 60)
    add('numDiasAgenda', 'deve estar entre 0 e 60', b.numDiasAgenda);
  const p = obj(b.pagador);
  if (!p) add('pagador', 'não deve ser nulo', undefined);
  else {
    const doc = typeof p.cpfCnpj === 'string' ? p.cpfCnpj : '';
    const fisica = p.tipoPessoa === 'FISICA';
    if (p.tipoPessoa !== 'FISICA' && p.tipoPessoa !== 'JURIDICA')
      add('pagador.tipoPessoa', 'deve ser FISICA ou JURIDICA', p.tipoPessoa);
    else if (fisica ? !/^\d{11}$/.test(doc) : !/^[0-9A-Z]{12}\d{2}$/.test(doc))
      add('pagador.cpfCnpj', fisica ? 'CPF deve ter 11 dígitos' : 'CNPJ deve ter 14 caracteres', doc);
    if (!len(p.nome, 1, 100)) add('pagador.nome', 'tamanho deve ser entre 1 e 100', p.nome);
    if (!len(p.endereco, 1, 100)) add('pagador.endereco', 'tamanho deve ser entre 1 e 100', p.endereco);
    if (!len(p.cidade, 1, 60)) add('pagador.cidade', 'tamanho deve ser entre 1 e 60', p.cidade);
    if (typeof p.uf !== 'string' || !/^[A-Z]{2}$/.test(p.uf)) add('pagador.uf', 'deve ser uma UF válida', p.uf);
    if (typeof p.cep !== 'string' || !/^\d{8}$/.test(p.cep)) add('pagador.cep', 'deve ter 8 dígitos', p.cep);
  }
  const code = (field: string, allowed: string[]) => {
    const v = obj(b[field]);
    if (b[field] !== undefined && (!v || !allowed.includes(String(v.codigo))))
      add(`${field}.codigo`, `deve ser um de ${allowed.join(', ')}`, v?.codigo);
  };
  code('multa', MULTA);
  code('mora', MORA);
  code('desconto', DESCONTO);
  return out;
}
