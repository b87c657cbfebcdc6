import type { InboundNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import { INTER_CODIGO, parseInterNotification } from './inter.notifications';
import { InterProvider } from './inter.provider';

// The two real Inter sandbox captures quoted in CONTRACTS.md §1.2, verbatim.
const RECEBIDO_RAW = `[{"codigoSolicitacao":"092ea5e5-0f0f-4f8a-a1b9-6af53a06324d","seuNumero":"248_1007_82","situacao":"RECEBIDO",
  "dataHoraSituacao":"2024-09-12T14:37:13.047Z","valorTotalRecebido":"6.02","origemRecebimento":"PIX",
  "nossoNumero":"6386252871","codigoBarras":"00000000638684743047215170083499838836566935",
  "linhaDigitavel":"00000000638684166757471231070004153715560395363","txid":"6386841726132479000wu09f2FnJ5fZ6IGC",
  "pixCopiaECola":"000201010212261010014BR.GOV.BCB.PIX2579cdpj-sandbox.partners.uatinter.co/pj-s/v2/cobv/cb999ca77d314db19b9676a1d77d816d52040000530398654046.025802BR5901*6013Belo Horizont61089999999962070503***63041278"}]`;
const CANCELADO_RAW = `[{"codigoSolicitacao":"12f13035-8bf4-4e0c-9ddb-d123b2f4810a","seuNumero":"248_1008_83","situacao":"CANCELADO",
  "dataHoraSituacao":"2024-09-12T14:13:41.918Z","nossoNumero":"6386213760",
  "codigoBarras":"00000000638684117108613633642458213495287107","linhaDigitavel":"00000000638684629534817183117230760298111057330",
  "txid":"6386841726150421000mzglhOavdm2lNjAV","pixCopiaECola":"000201...6304173A"}]`;

type Item = Record<string, unknown>;
const recebido = (): Item => (JSON.parse(RECEBIDO_RAW) as Item[])[0];
const cancelado = (): Item => (JSON.parse(CANCELADO_RAW) as Item[])[0];
/** As the gateway hands it over: JSON parsed by content type, raw text kept. */
const req = (
  rawBody: string,
  headers: Record<string, string> = { 'x-conta-corrente': '12345678' },
): InboundNotification => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.parse(rawBody) as unknown,
  rawBody,
});
const items = (...list: unknown[]) => req(JSON.stringify(list));

function refusal(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    return err as ProviderError;
  }
  throw new Error('expected a refusal');
}

describe('parseInterNotification', () => {
  it('reads the real RECEBIDO capture into one charge.paid keyed by codigoSolicitacao', () => {
    expect(parseInterNotification(req(RECEBIDO_RAW))).toEqual([
      {
        eventId: '092ea5e5-0f0f-4f8a-a1b9-6af53a06324d:RECEBIDO:2024-09-12T14:37:13.047Z',
        chargeId: '092ea5e5-0f0f-4f8a-a1b9-6af53a06324d',
        type: 'charge.paid',
        status: 'PAID',
        providerStatus: 'RECEBIDO',
      },
    ]);
  });

  it('reads the real CANCELADO capture (no money fields) into one charge.cancelled', () => {
    expect(parseInterNotification(req(CANCELADO_RAW))).toEqual([
      {
        eventId: '12f13035-8bf4-4e0c-9ddb-d123b2f4810a:CANCELADO:2024-09-12T14:13:41.918Z',
        chargeId: '12f13035-8bf4-4e0c-9ddb-d123b2f4810a',
        type: 'charge.cancelled',
        status: 'CANCELLED',
        providerStatus: 'CANCELADO',
      },
    ]);
  });

  it('gives one notification per item, in order, with the status table and its event types', () => {
    const at = (situacao: string, i: number) => ({
      ...cancelado(),
      situacao,
      dataHoraSituacao: `2024-09-12T14:13:4${i}.000Z`,
    });
    const list = [
      'A_RECEBER',
      'ATRASADO',
      'PROTESTO',
      'MARCADO_RECEBIDO',
      'EXPIRADO',
      'FALHA_EMISSAO',
      'EM_PROCESSAMENTO',
      'NOVA_SITUACAO',
    ];
    const out = parseInterNotification(items(...list.map(at)));
    expect(out.map((n) => [n.providerStatus, n.status, n.type])).toEqual([
      ['A_RECEBER', 'PENDING', 'charge.updated'],
      ['ATRASADO', 'OVERDUE', 'charge.overdue'],
      ['PROTESTO', 'OVERDUE', 'charge.overdue'],
      ['MARCADO_RECEBIDO', 'PAID', 'charge.paid'],
      ['EXPIRADO', 'EXPIRED', 'charge.expired'],
      ['FALHA_EMISSAO', 'FAILED', 'charge.updated'],
      ['EM_PROCESSAMENTO', 'PROCESSING', 'charge.updated'],
      ['NOVA_SITUACAO', 'PENDING', 'charge.updated'],
    ]);
    // A redelivery of the same change has the same event id; another change of the same charge has another.
    expect(new Set(out.map((n) => n.eventId)).size).toBe(list.length);
    expect(parseInterNotification(items(at('ATRASADO', 1)))[0].eventId).toBe(out[1].eventId);
  });

  it('answers nothing for an empty array and reads a body that came without a JSON content type', () => {
    expect(parseInterNotification(req('[]'))).toEqual([]);
    const [n] = parseInterNotification({ headers: {}, body: undefined, rawBody: RECEBIDO_RAW });
    expect(n.chargeId).toBe('092ea5e5-0f0f-4f8a-a1b9-6af53a06324d');
  });

  it('omits eventId when Inter leaves out dataHoraSituacao', () => {
    const { dataHoraSituacao: _omit, ...rest } = recebido();
    const [n] = parseInterNotification(items(rest));
    expect(n.eventId).toBeUndefined();
    expect(n).toMatchObject({ chargeId: '092ea5e5-0f0f-4f8a-a1b9-6af53a06324d', type: 'charge.paid' });
  });

  it('carries the charge only when the item has enough for the unified model (amount, payer, emission date)', () => {
    expect(parseInterNotification(req(RECEBIDO_RAW))[0].charge).toBeUndefined();
    const full = {
      ...recebido(),
      valorNominal: 6.02,
      dataEmissao: '2024-09-12',
      dataVencimento: '2024-09-20',
      pagador: { cpfCnpj: '52998224725', tipoPessoa: 'FISICA', nome: 'Pagador' },
      valorTotalRecebido: '6.10',
    };
    const [n] = parseInterNotification(items(full));
    expect(n.charge).toEqual({
      id: '092ea5e5-0f0f-4f8a-a1b9-6af53a06324d',
      providerId: 'inter',
      type: 'bolepix',
      status: 'PAID',
      providerStatus: 'RECEBIDO',
      amount: 602,
      paidAmount: 610,
      paidAt: '2024-09-12T14:37:13.047Z',
      currency: 'BRL',
      dueDate: '2024-09-20',
      externalId: '248_1007_82',
      payer: { name: 'Pagador', document: '52998224725', documentType: 'CPF' },
      boleto: {
        barcode: '00000000638684743047215170083499838836566935',
        digitableLine: '00000000638684166757471231070004153715560395363',
      },
      pix: {
        brCode: recebido().pixCopiaECola,
        txid: '6386841726132479000wu09f2FnJ5fZ6IGC',
      },
      createdAt: '2024-09-12T00:00:00.000-03:00',
      updatedAt: '2024-09-12T14:37:13.047Z',
    });
  });

  it.each([
    ['a single object (v2 shape)', recebido()],
    ['an object wrapping the list', { cobrancas: [recebido()] }],
    ['a string', 'RECEBIDO'],
    ['null', null],
  ])('refuses %s with VALIDATION_ERROR', (_name, body) => {
    const err = refusal(() => parseInterNotification(req(JSON.stringify(body))));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(err.message).toBe('Not a Banco Inter notification: Inter sends a JSON array of cobrança items.');
  });

  it('refuses an empty body and a body that is not JSON', () => {
    expect(refusal(() => parseInterNotification({ headers: {}, body: undefined, rawBody: '' })).message).toMatch(
      /JSON array/,
    );
    expect(refusal(() => parseInterNotification({ headers: {}, body: undefined, rawBody: '[{' })).message).toMatch(
      /not JSON/,
    );
  });

  it.each([
    ['an item that is not an object', ['x'], /item 0 is not an object/],
    [
      'no codigoSolicitacao',
      [{ ...recebido(), codigoSolicitacao: undefined }],
      /item 0 has no valid codigoSolicitacao/,
    ],
    ['a codigoSolicitacao that is no UUID', [{ ...recebido(), codigoSolicitacao: '../x' }], /codigoSolicitacao/],
    ['no situacao', [{ ...recebido(), situacao: '' }], /item 0 has no valid situacao/],
    ['a lowercase situacao', [{ ...recebido(), situacao: 'recebido' }], /situacao/],
    ['an invalid dataHoraSituacao', [{ ...recebido(), dataHoraSituacao: 'ontem' }], /dataHoraSituacao/],
    ['a numeric dataHoraSituacao', [{ ...recebido(), dataHoraSituacao: 1726151833 }], /dataHoraSituacao/],
    ['an inexact valorTotalRecebido', [{ ...recebido(), valorTotalRecebido: '6.025' }], /valorTotalRecebido/],
    ['a non-numeric valorTotalRecebido', [{ ...recebido(), valorTotalRecebido: 'seis' }], /valorTotalRecebido/],
    ['a bad second item', [recebido(), { ...cancelado(), codigoSolicitacao: 7 }], /item 1 /],
  ])('refuses %s with VALIDATION_ERROR', (_name, list, message) => {
    const err = refusal(() => parseInterNotification(items(...list)));
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(err.message).toMatch(message);
  });

  it('shares the provider’s codigoSolicitacao check', () => {
    expect(INTER_CODIGO.test('092ea5e5-0f0f-4f8a-a1b9-6af53a06324d')).toBe(true);
    expect(INTER_CODIGO.test('248_1007_82')).toBe(false);
  });
});

describe('InterProvider.parseNotification', () => {
  const provider = new InterProvider({ timeoutMs: 1000, baseUrls: {} });
  afterAll(() => provider.onModuleDestroy());

  it('delegates to parseInterNotification without a context', async () => {
    await expect(provider.parseNotification(req(CANCELADO_RAW), undefined)).resolves.toEqual(
      parseInterNotification(req(CANCELADO_RAW)),
    );
    await expect(provider.parseNotification(req('{}'), undefined)).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
