import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsObject, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsCep, IsCpfOrCnpj, IsText, IsUf } from './brazil.validators';
import { ADDRESS_EXAMPLE } from './charge.examples';

export class AddressDto {
  @ApiProperty({ example: 'Avenida Paulista', maxLength: 120 })
  @IsText('payer.address.street', 1, 120)
  street!: string;

  @ApiProperty({ example: '1000', maxLength: 20, description: 'House number, or "S/N".' })
  @IsText('payer.address.number', 1, 20)
  number!: string;

  @ApiPropertyOptional({ example: 'Conjunto 101', maxLength: 60 })
  @IsOptional()
  @IsText('payer.address.complement', 0, 60)
  complement?: string;

  @ApiProperty({ example: 'Bela Vista', maxLength: 60, description: 'Bairro.' })
  @IsText('payer.address.district', 1, 60)
  district!: string;

  @ApiProperty({ example: 'São Paulo', maxLength: 60 })
  @IsText('payer.address.city', 1, 60)
  city!: string;

  @ApiProperty({
    example: 'SP',
    description: 'UF: one of the 27 state codes (answered uppercase).',
    minLength: 2,
    maxLength: 2,
  })
  @IsUf('payer.address.state')
  state!: string;

  @ApiProperty({
    example: '01310-100',
    description: 'CEP, 8 digits, with or without the hyphen (answered as 8 digits).',
  })
  @IsCep('payer.address.zipCode')
  zipCode!: string;
}

export class PayerDto {
  @ApiProperty({ example: 'Maria da Silva', maxLength: 100 })
  @IsText('payer.name', 1, 100)
  name!: string;

  @ApiProperty({
    example: '123.456.789-09',
    description:
      'CPF (11) or CNPJ (14, numeric or the 2026 alphanumeric format) with valid check digits, formatted or not. Answered normalized: punctuation removed, letters uppercase.',
  })
  @IsCpfOrCnpj('payer.document')
  document!: string;

  @ApiPropertyOptional({ example: 'maria@example.com', maxLength: 254 })
  @IsOptional()
  @MaxLength(254, { message: 'payer.email must be at most 254 characters' })
  @IsEmail({}, { message: 'payer.email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({
    example: '+55 11 98765-4321',
    description: 'Phone with area code; digits, spaces, +, (, ) and - only.',
  })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{8,24}$/, {
    message: 'payer.phone must be 8 to 24 characters of digits, spaces, +, (, ) and -',
  })
  phone?: string;

  @ApiPropertyOptional({ type: () => AddressDto, example: ADDRESS_EXAMPLE })
  @IsOptional()
  @IsObject({ message: 'payer.address must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

/** Required nested payer (kept here so the charge DTO stays a list of its own fields). */
export function IsPayer(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsDefined({ message: 'payer is required' })(target, key);
    IsObject({ message: 'payer must be an object' })(target, key);
    ValidateNested()(target, key);
    Type(() => PayerDto)(target, key);
  };
}
