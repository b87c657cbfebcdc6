import type { ProviderContext, ProviderStateStore } from '../charge-provider';
import type { InboundNotification } from '../notification.model';
import { AsaasCredentials } from './asaas.credentials';
import { ASAAS_EVENTS, parseAsaasNotification } from './asaas.notifications';

const payment = {
  object: 'payment',
  id: 'pay_080225913252',
  dateCreated: '2024-06-12',
  customer: 'cus_000005401844',
  value: 129.9,
  billingType: 'BOLETO',
  status: 'RECEIVED',
  dueDate: '2024-06-20',
  clientPaymentDate: '2024-06-12',
  externalReference: '056984',
  deleted: false,
};
const body = (over: Record<string, unknown> = {}) => ({
  id: 'evt_05b708f961d739ea7eba7e4db318f621&368604920',
  event: 'PAYMENT_RECEIVED',
  dateCreated: '2024-06-12 16:45:03',
  payment,
  ...over,
});
const req = (b: unknown, headers: Record<string, string> = {}): InboundNotification => ({
  headers,
  body: b,
  rawBody: JSON.stringify(b),
});
const ctx = (webhookToken?: string): ProviderContext<AsaasCredentials> => ({
  tenantId: 't1',
  providerId: 'asaas',
  credentials: { apiKey: '$aact_hmlg_k', environment: 'sandbox', ...(webhookToken ? { webhookToken } : {}) },
  credentialFingerprint: 'fp',
  sessionTtlSeconds: 3600,
  state: {} as ProviderStateStore,
});
const payer = { name: 'John Doe', document: '24971563792', documentType: 'CPF' as const };

describe('parseAsaasNotification', () => {
  it('reads {id, event, payment} into one notification with status and the charge when the payer is known', async () => {
    const [n] = await parseAsaasNotification(req(body(), { 'asaas-access-token': 'tok-123' }), ctx('tok-123'), () =>
      Promise.resolve(payer),
    );
    expect(n).toMatchObject({
      eventId: 'evt_05b708f961d739ea7eba7e4db318f621&368604920',
      chargeId: 'pay_080225913252',
      type: 'charge.paid',
      status: 'PAID',
      providerStatus: 'RECEIVED',
      charge: { id: 'pay_080225913252', status: 'PAID', amount: 12990, paidAmount: 12990, payer, externalId: '056984' },
    });
    // Without ctx (tenant profile unknown) the URL token alone authenticated it: no charge, no token check.
    const [bare] = await parseAsaasNotification(req(body(), {}), undefined);
    expect(bare.charge).toBeUndefined();
    expect(bare).toMatchObject({ chargeId: 'pay_080225913252', status: 'PAID' });
  });

  it('checks asaas-access-token against credentials.webhookToken when configured', async () => {
    const good = req(body(), { 'asaas-access-token': 'tok-123' });
    await expect(parseAsaasNotification(good, ctx('tok-123'))).resolves.toHaveLength(1);
    const tries: Record<string, string>[] = [{}, { 'asaas-access-token': 'tok-124' }, { 'asaas-access-token': '' }];
    for (const headers of tries) {
      await expect(parseAsaasNotification(req(body(), headers), ctx('tok-123'))).rejects.toMatchObject({
        code: 'WEBHOOK_UNAUTHORIZED',
        message: expect.not.stringContaining('tok-123'),
      });
    }
    await expect(parseAsaasNotification(req(body(), {}), ctx())).resolves.toHaveLength(1);
  });

  it.each([
    ['PAYMENT_RECEIVED', 'RECEIVED', 'charge.paid', 'PAID'],
    ['PAYMENT_CONFIRMED', 'CONFIRMED', 'charge.paid', 'PAID'],
    ['PAYMENT_OVERDUE', 'OVERDUE', 'charge.overdue', 'OVERDUE'],
    ['PAYMENT_REFUNDED', 'REFUNDED', 'charge.refunded', 'REFUNDED'],
    ['PAYMENT_DELETED', 'PENDING', 'charge.cancelled', 'CANCELLED'],
    ['PAYMENT_CREATED', 'PENDING', 'charge.updated', 'PENDING'],
    ['PAYMENT_REFUND_IN_PROGRESS', 'REFUND_IN_PROGRESS', 'charge.updated', 'PAID'],
    ['PAYMENT_BANK_SLIP_VIEWED', 'PENDING', 'charge.updated', 'PENDING'],
  ])('maps %s (payment %s) to %s', async (event, status, type, ours) => {
    const [n] = await parseAsaasNotification(req(body({ event, payment: { ...payment, status } })), undefined);
    expect(n).toMatchObject({ type, status: ours });
    expect(ASAAS_EVENTS[event] ?? 'charge.updated').toBe(type);
  });

  it('reports a deleted payment as DELETED / CANCELLED', async () => {
    const [n] = await parseAsaasNotification(
      req(body({ event: 'PAYMENT_UPDATED', payment: { ...payment, status: 'PENDING', deleted: true } })),
      ctx(),
      () => Promise.resolve(payer),
    );
    expect(n).toMatchObject({ type: 'charge.updated', providerStatus: 'DELETED', status: 'CANCELLED' });
    expect(n.charge).toMatchObject({ status: 'CANCELLED' });
  });

  it('reads a JSON body sent without a JSON content type, and ignores events about no payment', async () => {
    await expect(
      parseAsaasNotification({ headers: {}, body: undefined, rawBody: JSON.stringify(body()) }, undefined),
    ).resolves.toHaveLength(1);
    await expect(
      parseAsaasNotification(req({ id: 'evt_1', event: 'TRANSFER_DONE', transfer: { id: 'tra_1' } }), undefined),
    ).resolves.toEqual([]);
  });

  it.each([
    ['not JSON', { headers: {}, body: undefined, rawBody: '<xml/>' }],
    ['an array', req([body()])],
    ['no event', req(body({ event: undefined }))],
    ['no id', req(body({ id: undefined }))],
    ['a payment event without payment', req(body({ payment: undefined }))],
    ['a payment without id', req(body({ payment: { ...payment, id: '' } }))],
    ['an empty body', { headers: {}, body: undefined, rawBody: '' }],
  ])('refuses %s as VALIDATION_ERROR', async (_what, request) => {
    await expect(parseAsaasNotification(request as InboundNotification, undefined)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });
});
