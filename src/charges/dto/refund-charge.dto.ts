import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RefundChargeInput } from '@lib/providers';
import type { Same } from '../../common/same-type';

/** Body of POST /v1/charges/:id/refunds (validated by parse-refund.ts; documented here). */
export class RefundChargeDto {
  @ApiPropertyOptional({
    example: 5000,
    minimum: 1,
    maximum: 9_999_999_999,
    description: 'Integer cents to give back; absent: all that is left of the paid amount.',
  })
  amount?: number;
  @ApiPropertyOptional({
    example: 'Produto devolvido',
    maxLength: 140,
    description: 'Why (shown to the payer where the bank shows it).',
  })
  reason?: string;
}

export const REFUND_DTO_MATCHES: Same<RefundChargeDto, RefundChargeInput> = true;
