import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam } from '@nestjs/swagger';

/**
 * Swagger pieces shared by the charge routes. Swagger UI prefills a parameter with its example and
 * "Try it out" sends it as is, so these two have none on purpose: a fixed Idempotency-Key would be the
 * same key for every user of a tenant (the second create with another body: 422 IDEMPOTENCY_KEY_REUSED,
 * for IDEMPOTENCY_TTL_SECONDS), and a fixed charge id names no charge of the caller (404).
 */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the request safe to retry: send a fresh UUID v4 for each new request (e.g. `crypto.randomUUID()`, `uuidgen`) and the same one only when retrying that request. 1 to 255 visible ASCII characters, scoped to your tenant and provider, kept IDEMPOTENCY_TTL_SECONDS. A repeat with the same body answers the first status and body with `Idempotent-Replayed: true`; the same key with another body is `422 IDEMPOTENCY_KEY_REUSED`. Leave it empty to send none.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  });

export const ApiChargeIdParam = (name = 'provider_charge_id') =>
  applyDecorators(
    ApiParam({
      name,
      description:
        "The provider's charge id, as answered by the create (the `id` of POST /v1/charges, e.g. `sbx_5f2c8e1a9b3d4c7e8f901234` in the sandbox).",
      schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
    }),
  );

export const REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', example: 'true' },
  },
};
export const X_CACHE_HEADER = {
  'X-Cache': {
    description:
      '`HIT` (from the tenant cache), `MISS` (read from the provider, then cached) or `BYPASS` (meta.cacheEnabled is false).',
    schema: { type: 'string', enum: ['HIT', 'MISS', 'BYPASS'], example: 'MISS' },
  },
};
