import { CreateChargeInput } from '../charge.model';
import { fromInterCobranca, INTER_STATUS, interCents, processingCharge, toInterCobranca } from './inter.mapper';

const input = (over: Partial<CreateChargeInput> = {}): CreateChargeInput => ({
  type: 'bolepix',
  amount: 250,
  dueDate: '2030-01-15',
  payer: {
    name: 'Empresa',
    document: '12ABC34501DE35',
    documentType: 'CNPJ',
    email: 'a@b.c',
    address: {
      street: 'Rua A',
      number: '1',
      district: 'Centro',
      city: 'Recife',
      state: 'PE',
      zipCode: '50000000',
      complement: 'sala 2',
    },
  },
  ...over,
});

describe('Inter status table', () => {
  it('maps every situacao of the official SDK', () => {
    expect(INTER_STATUS).toEqual({
      EM_PROCESSAMENTO: 'PROCESSING',
      A_RECEBER: 'PENDING',
      ATRASADO: 'OVERDUE',
      PROTESTO: 'OVERDUE',
      RECEBIDO: 'PAID',
      MARCADO_RECEBIDO: 'PAID',
      CANCELADO: 'CANCELLED',
      EXPIRADO: 'EXPIRED',
      FALHA_EMISSAO: 'FAILED',
    });
  });
});

describe('toInterCobranca', () => {
  it('writes reais exactly from cents and the payer as pagador', () => {
    expect(toInterCobranca(input(), 'S1')).toMatchObject({
      seuNumero: 'S1',
      valorNominal: '2.50',
      dataVencimento: '2030-01-15',
      numDiasAgenda: 30,
      pagador: {
        cpfCnpj: '12ABC34501DE35',
        tipoPessoa: 'JURIDICA',
        nome: 'Empresa',
        endereco: 'Rua A',
        numero: '1',
        complemento: 'sala 2',
        bairro: 'Centro',
        cidade: 'Recife',
        uf: 'PE',
        cep: '50000000',
        email: 'a@b.c',
      },
    });
    expect(toInterCobranca(input({ amount: 1 }), 'S').valorNominal).toBe('0.01');
    expect(toInterCobranca(input({ amount: 9_999_999_999 }), 'S').valorNominal).toBe('99999999.99');
  });

  it('maps fine, interest and discount to multa, mora and desconto', () => {
    const body = toInterCobranca(
      input({
        fine: { amount: 150 },
        interest: { monthlyPercent: 1.5 },
        discount: { percent: 5, until: '2030-01-10' },
        description: 'x'.repeat(100),
      }),
      'S',
    );
    expect(body).toMatchObject({
      multa: { codigo: 'VALORFIXO', valor: '1.50' },
      mora: { codigo: 'TAXAMENSAL', taxa: 1.5 },
      desconto: { codigo: 'PERCENTUALDATAINFORMADA', taxa: 5, quantidadeDias: 5 },
    });
    expect((body.mensagem as { linha1: string }).linha1).toHaveLength(78);
    expect(
      toInterCobranca(input({ fine: { percent: 2 }, discount: { amount: 100, until: '2030-01-15' } }), 'S'),
    ).toMatchObject({
      multa: { codigo: 'PERCENTUAL', taxa: 2 },
      desconto: { codigo: 'VALORFIXODATAINFORMADA', valor: '1.00', quantidadeDias: 0 },
    });
  });

  it('needs a due date and the payer address', () => {
    expect(() => toInterCobranca(input({ dueDate: undefined }), 'S')).toThrow(/dueDate is required/);
    expect(() =>
      toInterCobranca(input({ payer: { name: 'A', document: '52998224725', documentType: 'CPF' } }), 'S'),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_ERROR',
        options: expect.objectContaining({
          fields: [{ field: 'payer.address', message: 'is required by Banco Inter' }],
        }),
      }),
    );
  });
});

describe('fromInterCobranca', () => {
  it('reads a registered, paid charge (valorTotalRecebido may be a string)', () => {
    const c = fromInterCobranca({
      cobranca: {
        codigoSolicitacao: 'c1',
        seuNumero: 'S1',
        situacao: 'RECEBIDO',
        valorNominal: 2.5,
        valorTotalRecebido: '2.50',
        dataEmissao: '2030-01-01',
        dataSituacao: '2030-01-02',
        dataVencimento: '2030-01-15',
        pagador: {
          cpfCnpj: '52998224725',
          tipoPessoa: 'FISICA',
          nome: 'Ana',
          endereco: 'Rua',
          cidade: 'Recife',
          uf: 'PE',
          cep: '50000000',
        },
      },
      boleto: { nossoNumero: '1', codigoBarras: '1'.repeat(44), linhaDigitavel: '2'.repeat(47) },
      pix: { txid: 'tx1', pixCopiaECola: '000201' },
    });
    expect(c).toMatchObject({
      id: 'c1',
      type: 'bolepix',
      status: 'PAID',
      providerStatus: 'RECEBIDO',
      amount: 250,
      paidAmount: 250,
      paidAt: '2030-01-02T00:00:00.000-03:00',
      externalId: 'S1',
      boleto: { barcode: '1'.repeat(44), digitableLine: '2'.repeat(47) },
      pix: { brCode: '000201', txid: 'tx1' },
    });
    expect(c.payer).toMatchObject({ documentType: 'CPF', address: { city: 'Recife', zipCode: '50000000' } });
  });

  it('reads a charge still in registration without payment data, and refuses unreadable bodies', () => {
    const c = fromInterCobranca({
      cobranca: { codigoSolicitacao: 'c2', situacao: 'EM_PROCESSAMENTO', valorNominal: '10.00' },
    });
    expect(c).toMatchObject({ status: 'PROCESSING', amount: 1000 });
    expect(c.boleto).toBeUndefined();
    expect(() =>
      fromInterCobranca({ cobranca: { codigoSolicitacao: 'c3', situacao: 'A_RECEBER', valorNominal: 1.005 } }),
    ).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
    expect(interCents('0.1')).toBe(10);
    expect(interCents(undefined)).toBeUndefined();
  });

  it('answers create with a PROCESSING charge built from the input', () => {
    expect(processingCharge('c9', input(), 'S9')).toMatchObject({
      id: 'c9',
      status: 'PROCESSING',
      providerStatus: 'EM_PROCESSAMENTO',
      amount: 250,
      externalId: 'S9',
      type: 'bolepix',
    });
  });
});
