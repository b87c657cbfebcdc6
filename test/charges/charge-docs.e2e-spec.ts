import request from 'supertest';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';

type Schema = {
  properties?: Record<string, { example?: unknown; $ref?: string; allOf?: Array<{ $ref: string }> }>;
  required?: string[];
};
const CHARGE_SCHEMAS = [
  'CreateChargeDto',
  'PayerDto',
  'AddressDto',
  'FineDto',
  'InterestDto',
  'DiscountDto',
  'ChargeView',
  'PayerView',
  'BoletoView',
  'PixView',
  'ProviderInfoView',
  'ProviderCapabilitiesView',
];
const REQUEST_FIELDS = [
  'type',
  'amount',
  'dueDate',
  'expiresInSeconds',
  'description',
  'externalId',
  'payer',
  'fine',
  'interest',
  'discount',
];
const RESPONSE_FIELDS = [
  'id',
  'providerId',
  'type',
  'status',
  'providerStatus',
  'amount',
  'currency',
  'dueDate',
  'description',
  'externalId',
  'payer',
  'boleto',
  'pix',
  'paidAt',
  'paidAmount',
  'cancelledAt',
  'refunds',
  'refundedAmount',
  'createdAt',
  'updatedAt',
];

describe.each(ADAPTERS)('charge schemas in /docs-json (%s)', (adapter) => {
  let t: TestApp;
  let schemas: Record<string, Schema>;
  let paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: { $ref: string } }> };
        responses: Record<string, unknown>;
        parameters?: Array<{ name: string; in: string }>;
      }
    >
  >;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    const res = await request(t.url).get('/docs-json').expect(200);
    schemas = res.body.components.schemas;
    paths = res.body.paths;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents every property of the request and response schemas with an example, nested objects included', () => {
    const missing: string[] = [];
    for (const name of CHARGE_SCHEMAS) {
      expect(schemas[name]?.properties).toBeDefined();
      for (const [prop, spec] of Object.entries(schemas[name].properties ?? {}))
        if (spec.example === undefined) missing.push(`${name}.${prop}`);
    }
    expect(missing).toEqual([]);
  });

  it('names exactly the fields of the issue, in the request and the unified response', () => {
    expect(Object.keys(schemas.CreateChargeDto.properties ?? {}).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(Object.keys(schemas.ChargeView.properties ?? {}).sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(Object.keys(schemas.BoletoView.properties ?? {}).sort()).toEqual(['barcode', 'digitableLine', 'pdfUrl']);
    expect(Object.keys(schemas.PixView.properties ?? {}).sort()).toEqual(['brCode', 'expiresAt', 'txid']);
    expect(schemas.PayerView.properties).toHaveProperty('documentType');
  });

  it('ties the charge routes to these schemas, with the Idempotency-Key header and the charge id parameter', () => {
    const create = paths['/v1/charges'].post;
    expect(create.requestBody?.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateChargeDto');
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(JSON.stringify(create.responses['201'])).toContain('#/components/schemas/ChargeView');
    expect(JSON.stringify(paths['/v1/charges/{provider_charge_id}'].get.responses['200'])).toContain(
      '#/components/schemas/ChargeView',
    );
    expect(paths['/v1/charges/{provider_charge_id}/cancel'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    expect(JSON.stringify(paths['/v1/providers'].get.responses['200'])).toContain(
      '#/components/schemas/ProviderInfoView',
    );
  });
});
