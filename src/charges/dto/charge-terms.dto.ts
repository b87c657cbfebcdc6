import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsFutureIsoDate } from './brazil.validators';
import { DISCOUNT_EXAMPLE } from './charge.examples';

const percent = (field: string, max: number, inclusive: boolean) => [
  IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: `${field} must be a number with at most 2 decimals` },
  ),
  Min(0.01, { message: `${field} must be greater than 0` }),
  Max(inclusive ? max : max - 0.01, { message: `${field} must be ${inclusive ? 'at most' : 'less than'} ${max}` }),
];
const cents = (field: string) => [
  IsInt({ message: `${field} must be an integer number of cents` }),
  Min(1, { message: `${field} must be at least 1 cent` }),
  Max(9_999_999_999, { message: `${field} must be at most 9999999999 cents` }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** Late fine (multa): a percentage of the amount or a fixed amount, exactly one of them. */
export class FineDto {
  @ApiPropertyOptional({
    example: 2,
    minimum: 0.01,
    maximum: 20,
    description: 'Percent of the amount, 0 < percent <= 20, up to 2 decimals.',
  })
  @IsOptional()
  @apply(percent('fine.percent', 20, true))
  percent?: number;

  @ApiPropertyOptional({ example: 500, minimum: 1, description: 'Fixed fine in cents (alternative to percent).' })
  @IsOptional()
  @apply(cents('fine.amount'))
  amount?: number;
}

/** Late interest (juros de mora), monthly percentage. */
export class InterestDto {
  @ApiProperty({
    example: 1,
    minimum: 0.01,
    maximum: 10,
    description: 'Monthly percent, 0 < monthlyPercent <= 10, up to 2 decimals.',
  })
  @apply(percent('interest.monthlyPercent', 10, true))
  monthlyPercent!: number;
}

/** Early-payment discount until a date: a percentage or a fixed amount, exactly one of them. */
export class DiscountDto {
  @ApiPropertyOptional({
    example: 5,
    minimum: 0.01,
    maximum: 99.99,
    description: 'Percent, 0 < percent < 100, up to 2 decimals.',
  })
  @IsOptional()
  @apply(percent('discount.percent', 100, false))
  percent?: number;

  @ApiPropertyOptional({
    example: 1000,
    minimum: 1,
    description: 'Fixed discount in cents, less than the charge amount (alternative to percent).',
  })
  @IsOptional()
  @apply(cents('discount.amount'))
  amount?: number;

  @ApiProperty({
    example: DISCOUNT_EXAMPLE.until,
    format: 'date',
    description: 'Last day of the discount (YYYY-MM-DD), not after dueDate.',
  })
  @IsFutureIsoDate('discount.until')
  until!: string;
}
