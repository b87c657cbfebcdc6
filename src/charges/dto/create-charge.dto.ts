import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CHARGE_TYPES, ChargeType } from '@lib/providers';
import { IsFutureIsoDate, IsText } from './brazil.validators';
import { DISCOUNT_EXAMPLE, DUE_DATE_EXAMPLE, FINE_EXAMPLE, INTEREST_EXAMPLE, PAYER_EXAMPLE } from './charge.examples';
import { DiscountDto, FineDto, InterestDto } from './charge-terms.dto';
import { IsPayer, PayerDto } from './payer.dto';

/** Largest amount: the 10 digits a boleto barcode has for it (R$ 99.999.999,99). */
export const MAX_AMOUNT_CENTS = 9_999_999_999;
export const PIX_EXPIRY_RANGE = { min: 60, max: 31_536_000 } as const;

const nested =
  <T>(cls: () => new () => T, field: string): PropertyDecorator =>
  (target, key) => {
    IsOptional()(target, key);
    IsObject({ message: `${field} must be an object` })(target, key);
    ValidateNested()(target, key);
    Type(cls)(target, key);
  };

/**
 * Body of POST /v1/charges (and of the MCP create tool): validated by ChargesService with
 * class-validator, unknown fields refused. Type-dependent rules (dueDate for boleto/bolepix,
 * expiresInSeconds and no fine/interest/discount for pix) are checked after the field rules.
 */
export class CreateChargeDto {
  @ApiProperty({
    enum: CHARGE_TYPES,
    example: 'bolepix',
    description: '`boleto`, `pix`, or `bolepix` (a boleto that also carries a Pix QR code).',
  })
  @IsIn([...CHARGE_TYPES], { message: `type must be one of ${CHARGE_TYPES.join(', ')}` })
  type!: ChargeType;

  @ApiProperty({
    example: 15990,
    minimum: 1,
    maximum: MAX_AMOUNT_CENTS,
    description: 'Amount in integer cents (15990 = R$ 159,90).',
  })
  @Max(MAX_AMOUNT_CENTS, { message: `amount must be at most ${MAX_AMOUNT_CENTS} cents` })
  @Min(1, { message: 'amount must be a positive integer number of cents' })
  @IsInt({ message: 'amount must be a positive integer number of cents' }) // checked first (decorators register bottom-up)
  amount!: number;

  @ApiPropertyOptional({
    example: DUE_DATE_EXAMPLE,
    format: 'date',
    description:
      'Due date YYYY-MM-DD: required for boleto and bolepix, not used for pix; not in the past in America/Sao_Paulo.',
  })
  @IsOptional()
  @IsFutureIsoDate('dueDate')
  dueDate?: string;

  @ApiPropertyOptional({
    example: 3600,
    minimum: PIX_EXPIRY_RANGE.min,
    maximum: PIX_EXPIRY_RANGE.max,
    description: 'Pix only: seconds until the Pix code expires (default 86400).',
  })
  @IsOptional()
  @Max(PIX_EXPIRY_RANGE.max, { message: `expiresInSeconds must be at most ${PIX_EXPIRY_RANGE.max}` })
  @Min(PIX_EXPIRY_RANGE.min, { message: `expiresInSeconds must be at least ${PIX_EXPIRY_RANGE.min}` })
  @IsInt({ message: 'expiresInSeconds must be an integer number of seconds' })
  expiresInSeconds?: number;

  @ApiPropertyOptional({ example: 'Mensalidade dezembro/2026', maxLength: 140 })
  @IsOptional()
  @IsText('description', 0, 140)
  description?: string;

  @ApiPropertyOptional({
    example: 'order-2026-000123',
    maxLength: 64,
    description: 'Your own reference for this charge, answered back as given.',
  })
  @IsOptional()
  @IsText('externalId', 1, 64)
  externalId?: string;

  @ApiProperty({ type: () => PayerDto, example: PAYER_EXAMPLE })
  @IsPayer()
  payer!: PayerDto;

  @ApiPropertyOptional({ type: () => FineDto, example: FINE_EXAMPLE, description: 'Boleto and bolepix only.' })
  @nested(() => FineDto, 'fine')
  fine?: FineDto;

  @ApiPropertyOptional({ type: () => InterestDto, example: INTEREST_EXAMPLE, description: 'Boleto and bolepix only.' })
  @nested(() => InterestDto, 'interest')
  interest?: InterestDto;

  @ApiPropertyOptional({ type: () => DiscountDto, example: DISCOUNT_EXAMPLE, description: 'Boleto and bolepix only.' })
  @nested(() => DiscountDto, 'discount')
  discount?: DiscountDto;
}
