import type { InboundNotification } from '../notification.model';
import { ProviderError } from '../provider-error';
import { CORA_INVOICE_ID, parseCoraNotification } from './cora.notifications';
import { CoraProvider } from './cora.provider';

/** The official "Exemplo de POST da Notificação": POST with content-length 0, everything in the headers. */
const headers = (over: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  'content-length': '0',
  'user-agent': 'Cora-Webhook',
  'webhook-event-id': 'evt_6UxHcBbTQZ2CqJ9TmLbcNd',
  'webhook-event-type': 'invoice.paid',
  'webhook-resource-id': 'inv_zXmtr2n0RpmIwdjfnNokhA',
  ...over,
});
const req = (h = headers(), body: unknown = undefined, rawBody = ''): InboundNotification => ({
  headers: h,
  body,
  rawBody,
});

function refusal(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    return err as ProviderError;
  }
  throw new Error('expected a refusal');
}

describe('parseCoraNotification', () => {
  it('reads the header-only delivery of invoice.paid into one charge.paid', () => {
    expect(parseCoraNotification(req())).toEqual([
      {
        eventId: 'evt_6UxHcBbTQZ2CqJ9TmLbcNd',
        chargeId: 'inv_zXmtr2n0RpmIwdjfnNokhA',
        type: 'charge.paid',
        status: 'PAID',
        providerStatus: 'invoice.paid',
      },
    ]);
  });

  it.each([
    ['invoice.canceled', 'charge.cancelled', 'CANCELLED'],
    ['invoice.cancelled', 'charge.cancelled', 'CANCELLED'],
    ['invoice.overdue', 'charge.overdue', 'OVERDUE'],
    ['invoice.late', 'charge.overdue', 'OVERDUE'],
    ['INVOICE.PAID', 'charge.paid', 'PAID'],
  ])('maps %s (inferred triggers) to %s', (type, event, status) => {
    const [n] = parseCoraNotification(req(headers({ 'webhook-event-type': type })));
    expect(n).toMatchObject({ type: event, status, providerStatus: type });
  });

  it('maps any other trigger to charge.updated without a status', () => {
    for (const type of ['invoice.created', 'invoice.open', 'invoice.in_payment']) {
      const [n] = parseCoraNotification(req(headers({ 'webhook-event-type': type })));
      expect(n).toEqual({
        eventId: 'evt_6UxHcBbTQZ2CqJ9TmLbcNd',
        chargeId: 'inv_zXmtr2n0RpmIwdjfnNokhA',
        type: 'charge.updated',
        providerStatus: type,
      });
    }
  });

  it('returns nothing for a resource other than invoice (it concerns no charge)', () => {
    expect(
      parseCoraNotification(req(headers({ 'webhook-event-type': 'transfer.paid', 'webhook-resource-id': 'tra_1' }))),
    ).toEqual([]);
  });

  it('tolerates an empty JSON object body and header values with surrounding spaces', () => {
    const [n] = parseCoraNotification(req(headers({ 'webhook-event-id': ' evt_1 ' }), {}, '{}'));
    expect(n).toMatchObject({ eventId: 'evt_1', chargeId: 'inv_zXmtr2n0RpmIwdjfnNokhA' });
    expect(parseCoraNotification(req(headers(), undefined, '  \n'))).toHaveLength(1);
  });

  it.each([
    ['no webhook-event-id', { 'webhook-event-id': undefined }, /webhook-event-id.*required/],
    ['no webhook-event-type', { 'webhook-event-type': undefined }, /required/],
    ['an empty webhook-resource-id', { 'webhook-resource-id': '' }, /required/],
    ['an event id with odd characters', { 'webhook-event-id': 'evt_1;drop' }, /webhook-event-id is not an event id/],
    ['an event type without a trigger', { 'webhook-event-type': 'invoice' }, /"<resource>\.<trigger>"/],
    ['a resource id that is no invoice id', { 'webhook-resource-id': 'inv/../x' }, /not a Cora invoice id/],
    ['a too long resource id', { 'webhook-resource-id': `inv_${'a'.repeat(100)}` }, /not a Cora invoice id/],
  ])('refuses %s with VALIDATION_ERROR', (_name, over, message) => {
    const err = refusal(() => parseCoraNotification(req(headers(over))));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toMatch(/^Not a Cora notification: /);
    expect(err.message).toMatch(message);
  });

  it('refuses a body that is not Cora’s (Cora sends none)', () => {
    const asaasLike = { id: 'evt_1', event: 'PAYMENT_RECEIVED', payment: { id: 'pay_1' } };
    for (const [body, raw] of [
      [asaasLike, JSON.stringify(asaasLike)],
      [[{ codigoSolicitacao: 'x' }], '[{"codigoSolicitacao":"x"}]'],
      [undefined, 'notification=abc'],
      [{ notification: 'abc' }, 'notification=abc'],
    ] as const) {
      const err = refusal(() => parseCoraNotification(req(headers(), body, raw)));
      expect(err).toMatchObject({ code: 'VALIDATION_ERROR' });
      expect(err.message).toMatch(/empty body/);
    }
  });

  it('shares the provider’s invoice id check', () => {
    expect(CORA_INVOICE_ID.test('inv_zXmtr2n0RpmIwdjfnNokhA')).toBe(true);
    expect(CORA_INVOICE_ID.test('inv zX')).toBe(false);
  });
});

describe('CoraProvider.parseNotification', () => {
  const provider = new CoraProvider({ timeoutMs: 1000, baseUrls: {} });
  afterAll(() => provider.onModuleDestroy());

  it('delegates to parseCoraNotification without a context', async () => {
    await expect(provider.parseNotification(req(), undefined)).resolves.toEqual(parseCoraNotification(req()));
    await expect(
      provider.parseNotification(req(headers({ 'webhook-event-id': undefined })), undefined),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
