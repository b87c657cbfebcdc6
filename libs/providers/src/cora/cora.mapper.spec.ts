import { CHARGE_STATUSES, CreateChargeInput } from '../charge.model';
import { CORA_STATUS, coraStatus, fromCoraInvoice, toCoraInvoice } from './cora.mapper';

const input = (over: Partial<CreateChargeInput> = {}): CreateChargeInput => ({
  type: 'bolepix',
  amount: 10050,
  dueDate: '2030-01-15',
  description: 'Mensalidade',
  externalId: 'order-1',
  payer: {
    name: 'Ana',
    document: '52998224725',
    documentType: 'CPF',
    address: { street: 'Rua A', number: '1', district: 'Centro', city: 'Recife', state: 'PE', zipCode: '50000000' },
  },
  ...over,
});

describe('Cora status table', () => {
  it('maps every documented Cora state onto a unified status', () => {
    expect(CORA_STATUS).toEqual({
      DRAFT: 'PROCESSING',
      INITIATED: 'PROCESSING',
      RECURRENCE_DRAFT: 'PROCESSING',
      OPEN: 'PENDING',
      IN_PAYMENT: 'PENDING',
      LATE: 'OVERDUE',
      PAID: 'PAID',
      CANCELLED: 'CANCELLED',
    });
    for (const s of Object.values(CORA_STATUS)) expect(CHARGE_STATUSES).toContain(s);
    expect(coraStatus('SOMETHING_NEW')).toBe('PENDING');
  });
});

describe('toCoraInvoice', () => {
  it('keeps cents, picks payment_forms by type and maps fine and interest', () => {
    const body = toCoraInvoice(input({ fine: { percent: 2 }, interest: { monthlyPercent: 1 } }));
    expect(body).toMatchObject({
      code: 'order-1',
      customer: {
        name: 'Ana',
        document: { identity: '52998224725', type: 'CPF' },
        address: { zip_code: '50000000', state: 'PE' },
      },
      services: [{ name: 'Mensalidade', description: 'Mensalidade', amount: 10050 }],
      payment_terms: { due_date: '2030-01-15', fine: { rate: 2 }, interest: { rate: 1 } },
      payment_forms: ['BANK_SLIP', 'PIX'],
    });
    expect(toCoraInvoice(input({ type: 'boleto', fine: { amount: 300 } })).payment_terms).toMatchObject({
      fine: { amount: 300 },
    });
    expect(toCoraInvoice(input({ type: 'boleto' })).payment_forms).toEqual(['BANK_SLIP']);
  });

  it('gives a Pix without due date the Sao Paulo date it expires', () => {
    const now = Date.parse('2030-01-10T12:00:00Z');
    const body = toCoraInvoice(input({ type: 'pix', dueDate: undefined, expiresInSeconds: 2 * 86400 }), now);
    expect(body).toMatchObject({ payment_forms: ['PIX'], payment_terms: { due_date: '2030-01-12' } });
  });

  it("refuses a discount (Cora's discount format is unverified) as a field error", () => {
    expect(() => toCoraInvoice(input({ discount: { percent: 5, until: '2030-01-10' } }))).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_ERROR',
        options: expect.objectContaining({
          fields: [{ field: 'discount', message: 'not supported for provider cora' }],
        }),
      }),
    );
  });
});

describe('fromCoraInvoice', () => {
  it('reads boleto lines, the Pix EMV, payment and cancellation data', () => {
    const paid = fromCoraInvoice({
      id: 'inv_1',
      status: 'PAID',
      code: 'order-1',
      total_amount: 10050,
      total_paid: 10050,
      created_at: '2030-01-01T10:00:00Z',
      paid_at: '2030-01-02T10:00:00Z',
      customer: { name: 'Ana', document: { identity: '11222333000181', type: 'CNPJ' } },
      services: [{ name: 'X', amount: 10050 }],
      payment_terms: { due_date: '2030-01-15' },
      payment_options: {
        bank_slip: { barcode: '1'.repeat(44), digitable_line: '2'.repeat(47), url: 'https://x/y.pdf' },
      },
      pix: { emv: '000201...' },
    });
    expect(paid).toMatchObject({
      id: 'inv_1',
      type: 'bolepix',
      status: 'PAID',
      amount: 10050,
      paidAmount: 10050,
      paidAt: '2030-01-02T10:00:00Z',
      externalId: 'order-1',
      dueDate: '2030-01-15',
    });
    expect(paid.boleto).toEqual({ barcode: '1'.repeat(44), digitableLine: '2'.repeat(47), pdfUrl: 'https://x/y.pdf' });
    expect(paid.pix).toEqual({ brCode: '000201...' });
    expect(paid.payer).toMatchObject({ documentType: 'CNPJ', document: '11222333000181' });
    const cancelled = fromCoraInvoice({
      id: 'inv_2',
      status: 'CANCELLED',
      services: [
        { name: 'X', amount: 700 },
        { name: 'Y', amount: 300 },
      ],
      updated_at: '2030-01-03T00:00:00Z',
    });
    expect(cancelled).toMatchObject({
      type: 'boleto',
      status: 'CANCELLED',
      amount: 1000,
      cancelledAt: '2030-01-03T00:00:00Z',
    });
  });

  it('refuses an answer without id or status', () => {
    expect(() => fromCoraInvoice({ status: 'OPEN' })).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
    expect(() => fromCoraInvoice('<html>')).toThrow(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
  });
});
