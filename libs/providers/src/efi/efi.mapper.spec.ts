import { buildBoleto, formatDigitableLine } from '@lib/brazil';
import type { CreateChargeInput } from '../charge.model';
import { efiProblem } from './efi.client';
import { fromEfiCharge, fromEfiCreated, toEfiOneStep } from './efi-boleto.mapper';
import { EFI_CHARGE_STATUS, EFI_PIX_STATUS, efiPixStatus, efiTxid, parseEfiId, pixKindOf } from './efi.mapper';
import { fromEfiCob, pixCents, toEfiCob } from './efi-pix.mapper';

const input = (over: Partial<CreateChargeInput> = {}): CreateChargeInput => ({
  type: 'boleto',
  amount: 5990,
  dueDate: '2030-01-15',
  description: 'Mensalidade',
  externalId: 'order-1',
  payer: { name: 'Empresa', document: '12ABC34501DE35', documentType: 'CNPJ', email: 'a@b.c' },
  fine: { percent: 2 },
  interest: { monthlyPercent: 1 },
  ...over,
});

describe('Efí status tables', () => {
  it('maps every API Cobranças status word, canceled to CANCELLED and paid (even after canceled) to PAID', () => {
    expect(EFI_CHARGE_STATUS).toEqual({
      new: 'PROCESSING',
      waiting: 'PENDING',
      identified: 'PAID',
      approved: 'PAID',
      paid: 'PAID',
      unpaid: 'OVERDUE',
      refunded: 'REFUNDED',
      contested: 'PAID',
      canceled: 'CANCELLED',
      settled: 'PAID',
      link: 'PROCESSING',
      expired: 'EXPIRED',
    });
  });

  it('maps every API Pix status and derives expiry and overdue from the calendar for ATIVA', () => {
    expect(EFI_PIX_STATUS).toEqual({
      ATIVA: 'PENDING',
      CONCLUIDA: 'PAID',
      REMOVIDA_PELO_USUARIO_RECEBEDOR: 'CANCELLED',
      REMOVIDA_PELO_PSP: 'EXPIRED',
    });
    const at = { today: '2030-01-20', nowMs: 1000 };
    expect(efiPixStatus('ATIVA', { ...at, expiresAtMs: 999 })).toBe('EXPIRED');
    expect(efiPixStatus('ATIVA', { ...at, dueDate: '2030-01-19', lastPayableDate: '2030-02-18' })).toBe('OVERDUE');
    expect(efiPixStatus('ATIVA', { ...at, dueDate: '2029-12-01', lastPayableDate: '2029-12-31' })).toBe('EXPIRED');
    expect(efiPixStatus('CONCLUIDA', at, true)).toBe('REFUNDED');
  });
});

describe('Efí charge ids', () => {
  it('says the API in the id and refuses any other shape', () => {
    expect(parseEfiId('boleto-24342333')).toEqual({ api: 'charges', chargeId: '24342333' });
    expect(parseEfiId(`pix-${'a'.repeat(26)}`)).toEqual({ api: 'pix', txid: 'a'.repeat(26) });
    for (const id of ['boleto-0', 'boleto-1a', 'pix-short', `pix-${'a'.repeat(36)}`, 'inv_1', '24342333'])
      expect(parseEfiId(id)).toBeUndefined();
  });

  it('derives the txid from the idempotency key (deterministic, 35 alphanumerics, first letter = cob or cobv)', () => {
    const a = efiTxid('cob', 'key-1');
    expect(a).toMatch(/^c[0-9a-f]{34}$/);
    expect(efiTxid('cob', 'key-1')).toBe(a);
    expect(efiTxid('cob', 'key-2')).not.toBe(a);
    expect(efiTxid('cob')).not.toBe(efiTxid('cob'));
    expect(pixKindOf(efiTxid('cobv', 'k'))).toBe('cobv');
    expect(pixKindOf(a)).toBe('cob');
  });
});

describe('API Cobranças mapping', () => {
  it('writes cents, fine in 0.01 %, monthly interest in 0.001 % and custom_id', () => {
    expect(toEfiOneStep(input(), 'order-1')).toEqual({
      items: [{ name: 'Mensalidade', value: 5990, amount: 1 }],
      metadata: { custom_id: 'order-1' },
      payment: {
        banking_billet: {
          customer: { juridical_person: { corporate_name: 'Empresa', cnpj: '12ABC34501DE35' }, email: 'a@b.c' },
          expire_at: '2030-01-15',
          configurations: { days_to_write_off: 30, fine: 200, interest: { value: 1000, type: 'monthly' } },
          message: 'Mensalidade',
        },
      },
    });
    expect(() => toEfiOneStep(input({ fine: { amount: 100 } }), undefined)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
  });

  it('reads the create answer and GET (formatted line -> 47 digits and a valid 44-digit barcode; Bolix -> bolepix)', () => {
    const slip = buildBoleto({ bankCode: '364', dueDate: '2030-01-15', amountCents: 5990, freeField: '1'.repeat(25) });
    const created = fromEfiCreated(
      {
        code: 200,
        data: {
          barcode: formatDigitableLine(slip.digitableLine),
          charge_id: 7,
          status: 'waiting',
          total: 5990,
          pix: { qrcode: '0002' },
        },
      },
      input(),
      'order-1',
    );
    expect(created).toMatchObject({
      id: 'boleto-7',
      type: 'bolepix',
      status: 'PENDING',
      boleto: { digitableLine: slip.digitableLine, barcode: slip.barcode },
      pix: { brCode: '0002' },
      externalId: 'order-1',
    });
    const read = fromEfiCharge({
      code: 200,
      data: {
        charge_id: 7,
        total: 5990,
        status: 'paid',
        custom_id: 'order-1',
        created_at: '2030-01-01 10:18:21',
        history: [{ message: 'Pago', created_at: '2030-01-02 09:00:00' }],
        customer: { name: 'Ana', cpf: '52998224725' },
        payment: { banking_billet: { barcode: slip.digitableLine, expire_at: '2030-01-15' } },
      },
    });
    expect(read).toMatchObject({
      type: 'boleto',
      status: 'PAID',
      paidAmount: 5990,
      paidAt: '2030-01-02T09:00:00.000-03:00',
      createdAt: '2030-01-01T10:18:21.000-03:00',
      payer: { document: '52998224725', documentType: 'CPF' },
    });
    expect(() => fromEfiCharge({ data: { charge_id: 'x' } })).toThrow(
      expect.objectContaining({ code: 'PROVIDER_ERROR' }),
    );
  });
});

describe('API Pix mapping', () => {
  it('writes reais exactly as strings; cob without a due date, cobv with one', () => {
    const cob = toEfiCob(
      input({
        type: 'pix',
        dueDate: undefined,
        amount: 1999,
        expiresInSeconds: 600,
        fine: undefined,
        interest: undefined,
      }),
      'k',
    );
    expect(cob).toEqual({
      kind: 'cob',
      body: {
        calendario: { expiracao: 600 },
        devedor: { cnpj: '12ABC34501DE35', nome: 'Empresa' },
        valor: { original: '19.99' },
        chave: 'k',
        solicitacaoPagador: 'Mensalidade',
        infoAdicionais: [{ nome: 'externalId', valor: 'order-1' }],
      },
    });
    expect(toEfiCob(input({ type: 'pix' }), 'k')).toMatchObject({
      kind: 'cobv',
      body: {
        calendario: { dataDeVencimento: '2030-01-15', validadeAposVencimento: 30 },
        valor: { original: '59.90', multa: { modalidade: 2, valorPerc: '2.00' } },
      },
    });
    expect(pixCents('0.10')).toBe(10);
    expect(pixCents('1.005')).toBeUndefined();
    expect(pixCents(1.5)).toBeUndefined();
  });

  it('reads a paid cob (amount, paid amount and time from pix[]) and expiry from criacao + expiracao', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const base = {
      txid: 'c'.repeat(30),
      valor: { original: '10.00' },
      devedor: { cpf: '52998224725', nome: 'Ana' },
      pixCopiaECola: '0002',
    };
    const paid = fromEfiCob(
      {
        ...base,
        status: 'CONCLUIDA',
        calendario: { criacao: '2030-01-01T11:00:00Z', expiracao: '3600' },
        pix: [{ endToEndId: 'E1', valor: '10.00', horario: '2030-01-01T11:30:00Z' }],
      },
      now,
    );
    expect(paid).toMatchObject({
      id: `pix-${'c'.repeat(30)}`,
      status: 'PAID',
      amount: 1000,
      paidAmount: 1000,
      paidAt: '2030-01-01T11:30:00Z',
    });
    expect(
      fromEfiCob({ ...base, status: 'ATIVA', calendario: { criacao: '2030-01-01T10:00:00Z', expiracao: 3600 } }, now)
        .status,
    ).toBe('EXPIRED');
  });
});

describe('Efí error bodies', () => {
  it('reads the Cobranças, Pix {nome, mensagem} and RFC 7807 shapes into our fields', () => {
    expect(
      efiProblem({
        code: 3500034,
        error: 'validation_error',
        error_description: { property: '/payment/banking_billet/customer/cpf', message: 'CPF inválido.' },
      }),
    ).toMatchObject({ name: 'validation_error', fields: [{ field: 'payer.document', message: 'CPF inválido.' }] });
    expect(
      efiProblem({ code: 4600036, error: 'invalid_value', error_description: 'valor inferior ao mínimo (5,00)' })
        .fields,
    ).toEqual([{ field: 'amount', message: 'valor inferior ao mínimo (5,00)' }]);
    expect(
      efiProblem({ nome: 'valor_invalido', mensagem: 'Campo valor.original deve ser maior que zero' }).fields,
    ).toEqual([{ field: 'amount', message: 'Campo valor.original deve ser maior que zero' }]);
    expect(
      efiProblem({
        type: 'https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida',
        title: 'Cobrança inválida.',
        violacoes: [{ razao: 'inválido', propriedade: 'cobv.devedor.cpf' }],
      }),
    ).toMatchObject({ name: 'CobVOperacaoInvalida', fields: [{ field: 'payer.document' }] });
  });
});
