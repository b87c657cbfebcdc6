import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam } from '@nestjs/swagger';

/** Swagger pieces shared by the charge routes. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the request safe to retry: 1 to 255 visible ASCII characters (a UUID v4 is ideal), scoped to your tenant and provider, kept IDEMPOTENCY_TTL_SECONDS. A repeat with the same body answers the first status and body with `Idempotent-Replayed: true`.',
    schema: { type: 'string', minLength: 1, maxLength: 255, example: '3f0e8c52-6a1d-4b7e-9c2f-0d4a5b6c7e8f' },
  });

export const ApiChargeIdParam = (name = 'provider_charge_id') =>
  applyDecorators(
    ApiParam({ name, description: "The provider's charge id, as answered by the create.", schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$', example: 'sbx_5f2c8e1a9b3d4c7e8f901234' } }),
  );

export const REPLAYED_HEADER = {
  'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.', schema: { type: 'string', example: 'true' } },
};
export const X_CACHE_HEADER = {
  'X-Cache': { description: '`HIT` (from the tenant cache), `MISS` (read from the provider, then cached) or `BYPASS` (meta.cacheEnabled is false).', schema: { type: 'string', enum: ['HIT', 'MISS', 'BYPASS'], example: 'MISS' } },
};
