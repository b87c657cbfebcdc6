import { CHARGE_STATUSES, CreateChargeInput } from '../charge.model';
import {
  ASAAS_STATUS,
  asaasCents,
  asaasStatus,
  asaasTimestamp,
  asaasValue,
  fromAsaasPayment,
  payerFromCustomer,
  toAsaasCustomer,
  toAsaasPayment,
} from './asaas.mapper';

const payer = {
  name: 'Maria',
  document: '52998224725',
  documentType: 'CPF' as const,
  email: 'maria@example.com',
  phone: '+55 11 98765-4321',
  address: {
    street: 'Av. Paulista',
    number: '150',
    district: 'Bela Vista',
    city: 'São Paulo',
    state: 'SP',
    zipCode: '01310100',
  },
};
const input = (over: Partial<CreateChargeInput> = {}): CreateChargeInput => ({
  type: 'bolepix',
  amount: 15990,
  dueDate: '2030-01-15',
  description: 'Mensalidade',
  payer,
  ...over,
});

describe('Asaas status table', () => {
  it('maps the 14 statuses of the OpenAPI enum, AUTHORIZED and our DELETED onto unified statuses', () => {
    expect(ASAAS_STATUS).toEqual({
      PENDING: 'PENDING',
      AWAITING_RISK_ANALYSIS: 'PROCESSING',
      AUTHORIZED: 'PROCESSING',
      OVERDUE: 'OVERDUE',
      DUNNING_REQUESTED: 'OVERDUE',
      RECEIVED: 'PAID',
      CONFIRMED: 'PAID',
      RECEIVED_IN_CASH: 'PAID',
      DUNNING_RECEIVED: 'PAID',
      REFUND_REQUESTED: 'PAID',
      REFUND_IN_PROGRESS: 'PAID',
      CHARGEBACK_REQUESTED: 'PAID',
      CHARGEBACK_DISPUTE: 'PAID',
      AWAITING_CHARGEBACK_REVERSAL: 'PAID',
      REFUNDED: 'REFUNDED',
      DELETED: 'CANCELLED',
    });
    for (const s of Object.values(ASAAS_STATUS)) expect(CHARGE_STATUSES).toContain(s);
    expect(asaasStatus('SOMETHING_NEW')).toBe('PENDING');
  });
});

describe('money at the Asaas edge', () => {
  it('converts cents to reais and back exactly, refusing inexact amounts', () => {
    expect([15990, 100000, 1, 10, 0].map(asaasValue)).toEqual([159.9, 1000, 0.01, 0.1, 0]);
    expect(JSON.stringify({ value: asaasValue(123456789) })).toBe('{"value":1234567.89}');
    expect(asaasCents(159.9)).toBe(15990);
    expect(asaasCents('1000.00')).toBe(100000);
    expect(asaasCents(0.1 + 0.2)).toBeUndefined();
    expect(asaasCents(1.005)).toBeUndefined();
    expect(asaasCents(null)).toBeUndefined();
  });
});

describe('toAsaasPayment', () => {
  it('writes a BOLETO for bolepix with value in reais, externalReference, fine, interest and discount', () => {
    const body = toAsaasPayment(
      input({ fine: { percent: 2 }, interest: { monthlyPercent: 1 }, discount: { percent: 5, until: '2030-01-10' } }),
      'cus_1',
      'order-1',
    );
    expect(body).toEqual({
      customer: 'cus_1',
      billingType: 'BOLETO',
      value: 159.9,
      dueDate: '2030-01-15',
      externalReference: 'order-1',
      description: 'Mensalidade',
      fine: { value: 2, type: 'PERCENTAGE' },
      interest: { value: 1 },
      discount: { value: 5, dueDateLimitDays: 5, type: 'PERCENTAGE' },
    });
    expect(
      toAsaasPayment(input({ fine: { amount: 250 }, discount: { amount: 1000, until: '2030-01-15' } }), 'c', 'r'),
    ).toMatchObject({
      fine: { value: 2.5, type: 'FIXED' },
      discount: { value: 10, dueDateLimitDays: 0, type: 'FIXED' },
    });
  });

  it('gives a Pix without due date the Sao Paulo date it expires on, and refuses plain boleto and late discounts', () => {
    const now = Date.parse('2030-01-10T12:00:00Z');
    expect(
      toAsaasPayment(input({ type: 'pix', dueDate: undefined, expiresInSeconds: 2 * 86_400 }), 'c', 'r', now),
    ).toMatchObject({ billingType: 'PIX', dueDate: '2030-01-12' });
    expect(() => toAsaasPayment(input({ type: 'boleto' }), 'c', 'r')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    expect(() => toAsaasPayment(input({ discount: { percent: 1, until: '2030-02-01' } }), 'c', 'r')).toThrow(
      expect.objectContaining({
        options: expect.objectContaining({ fields: [{ field: 'discount.until', message: expect.any(String) }] }),
      }),
    );
  });

  it('writes the payer as an Asaas customer and reads one back', () => {
    const body = toAsaasCustomer(payer);
    expect(body).toEqual({
      name: 'Maria',
      cpfCnpj: '52998224725',
      email: 'maria@example.com',
      mobilePhone: '11987654321',
      address: 'Av. Paulista',
      addressNumber: '150',
      province: 'Bela Vista',
      postalCode: '01310100',
    });
    expect(
      payerFromCustomer({
        ...body,
        cpfCnpj: '11222333000181',
        personType: 'JURIDICA',
        cityName: 'São Paulo',
        state: 'SP',
      }),
    ).toMatchObject({ documentType: 'CNPJ', address: { city: 'São Paulo', zipCode: '01310100' } });
  });
});

describe('fromAsaasPayment', () => {
  const payment = {
    object: 'payment',
    id: 'pay_080225913252',
    dateCreated: '2030-01-01',
    customer: 'cus_1',
    value: 159.9,
    billingType: 'BOLETO',
    status: 'PENDING',
    dueDate: '2030-01-15',
    externalReference: 'order-1',
    description: 'Mensalidade',
    deleted: false,
    bankSlipUrl: 'https://www.asaas.com/b/pdf/080225913252',
  };

  it('reads a pending bolepix with its lines and BR Code', () => {
    const c = fromAsaasPayment(payment, payer, {
      identificationField: { identificationField: '2'.repeat(47), barCode: '1'.repeat(44), nossoNumero: '6453' },
      pixQrCode: { payload: '000201...', expirationDate: '2031-01-15 23:59:59' },
    });
    expect(c).toEqual({
      id: 'pay_080225913252',
      providerId: 'asaas',
      type: 'bolepix',
      status: 'PENDING',
      providerStatus: 'PENDING',
      amount: 15990,
      currency: 'BRL',
      dueDate: '2030-01-15',
      description: 'Mensalidade',
      externalId: 'order-1',
      payer,
      boleto: {
        digitableLine: '2'.repeat(47),
        barcode: '1'.repeat(44),
        pdfUrl: 'https://www.asaas.com/b/pdf/080225913252',
      },
      pix: { brCode: '000201...', expiresAt: '2031-01-15T23:59:59.000-03:00' },
      createdAt: '2030-01-01T00:00:00.000-03:00',
      updatedAt: '2030-01-01T00:00:00.000-03:00',
    });
  });

  it('reads a payment paid late (originalValue), a deleted one as CANCELLED, and refuses unreadable bodies', () => {
    const paid = fromAsaasPayment(
      { ...payment, status: 'RECEIVED', value: 163.1, originalValue: 159.9, clientPaymentDate: '2030-01-20' },
      payer,
    );
    expect(paid).toMatchObject({
      status: 'PAID',
      amount: 15990,
      paidAmount: 16310,
      paidAt: '2030-01-20T00:00:00.000-03:00',
    });
    const deleted = fromAsaasPayment({ ...payment, deleted: true }, payer);
    expect(deleted).toMatchObject({ status: 'CANCELLED', providerStatus: 'DELETED', cancelledAt: expect.any(String) });
    expect(fromAsaasPayment({ ...payment, billingType: 'PIX' }, payer).type).toBe('pix');
    expect(() => fromAsaasPayment({ ...payment, value: 1.005 }, payer)).toThrow(
      expect.objectContaining({ code: 'PROVIDER_ERROR' }),
    );
    expect(() => fromAsaasPayment('<html>', payer)).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
    expect(asaasTimestamp('2024-06-12 16:45:03')).toBe('2024-06-12T16:45:03.000-03:00');
  });
});
