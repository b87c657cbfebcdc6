import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Charge,
  ChargeRefund,
  CHARGE_STATUSES,
  CHARGE_TYPES,
  ChargeStatus,
  ChargeType,
  ProviderCapabilities,
  REFUND_STATUSES,
  RefundStatus,
} from '@lib/providers';
import {
  ADDRESS_EXAMPLE,
  BOLETO_EXAMPLE,
  CAPABILITIES_EXAMPLE,
  DUE_DATE_EXAMPLE,
  PAYER_VIEW_EXAMPLE,
  PIX_EXAMPLE,
} from './charge.examples';
import type { Same } from '../../common/same-type';
import { daysFromToday } from '../../docs/example-dates';
import type { ProviderInfo } from '../charges.service';
import { AddressDto } from './payer.dto';

/** OpenAPI shapes of what the charge endpoints answer (the unified model of libs/providers). */
export class PayerView {
  @ApiProperty({ example: 'Maria da Silva' }) name!: string;
  @ApiProperty({ example: '12345678909', description: 'Normalized: punctuation removed, letters uppercase.' })
  document!: string;
  @ApiProperty({ enum: ['CPF', 'CNPJ'], example: 'CPF' }) documentType!: 'CPF' | 'CNPJ';
  @ApiPropertyOptional({ example: 'maria@example.com' }) email?: string;
  @ApiPropertyOptional({ example: '+55 11 98765-4321' }) phone?: string;
  @ApiPropertyOptional({
    type: () => AddressDto,
    example: { ...ADDRESS_EXAMPLE, zipCode: '01310100' },
    description: 'UF uppercase, zipCode as 8 digits.',
  })
  address?: AddressDto;
}

export class BoletoView {
  @ApiProperty({
    example: BOLETO_EXAMPLE.digitableLine,
    description: 'Linha digitável, 47 digits (FEBRABAN check digits).',
  })
  digitableLine!: string;
  @ApiProperty({ example: BOLETO_EXAMPLE.barcode, description: 'Barcode, 44 digits.' })
  barcode!: string;
  @ApiPropertyOptional({ example: BOLETO_EXAMPLE.pdfUrl, description: 'When the provider offers a PDF.' })
  pdfUrl?: string;
}

export class PixView {
  @ApiProperty({
    example: PIX_EXAMPLE.brCode,
    description: 'Pix "copia e cola" (BR Code, EMV), amount in tag 54, txid in 62-05, CRC16 in tag 63.',
  })
  brCode!: string;
  @ApiPropertyOptional({ example: PIX_EXAMPLE.txid }) txid?: string;
  @ApiPropertyOptional({
    example: `${daysFromToday(0)}T15:00:00.000Z`,
    description: 'Pix only: when the code stops being payable.',
  })
  expiresAt?: string;
}

const REFUND_EXAMPLE = {
  id: 'a3f1c2d4e5b6978812345678abcdef01',
  amount: 5000,
  status: 'DONE',
  createdAt: `${daysFromToday(2)}T10:00:00.000Z`,
  reason: 'Produto devolvido',
};

export class RefundView {
  @ApiProperty({ example: 'a3f1c2d4e5b6978812345678abcdef01', description: "The bank's refund id." }) id!: string;
  @ApiProperty({ example: 5000, description: 'Integer cents.' }) amount!: number;
  @ApiProperty({ enum: REFUND_STATUSES, example: 'DONE' }) status!: RefundStatus;
  @ApiProperty({ example: `${daysFromToday(2)}T10:00:00.000Z` }) createdAt!: string;
  @ApiPropertyOptional({ example: 'Produto devolvido' }) reason?: string;
  @ApiPropertyOptional({
    example: 'https://www.asaas.com/refundRequest/pay_123/a1b2c3',
    description:
      "Where the payer must act before this PROCESSING refund can be paid (an Asaas boleto refund: the bank's page where the payer gives a bank account). Absent when nothing is asked of the payer.",
  })
  payerActionUrl?: string;
}

export class ChargeView {
  @ApiProperty({
    example: 'sbx_5f2c8e1a9b3d4c7e8f901234',
    description: "The provider's charge id (use it in the other routes).",
  })
  id!: string;
  @ApiProperty({ example: 'sandbox' }) providerId!: string;
  @ApiProperty({ enum: CHARGE_TYPES, example: 'bolepix' }) type!: ChargeType;
  @ApiProperty({
    enum: CHARGE_STATUSES,
    example: 'PENDING',
    description: 'Unified status; see README "Charges API" for the transitions.',
  })
  status!: ChargeStatus;
  @ApiProperty({ example: 'EM_ABERTO', description: "The provider's own status word, as it said it." })
  providerStatus!: string;
  @ApiProperty({ example: 15990, description: 'Integer cents.' }) amount!: number;
  @ApiProperty({ enum: ['BRL'], example: 'BRL' }) currency!: 'BRL';
  @ApiPropertyOptional({ example: DUE_DATE_EXAMPLE, format: 'date' }) dueDate?: string;
  @ApiPropertyOptional({ example: 'Mensalidade dezembro/2026' }) description?: string;
  @ApiPropertyOptional({ example: 'order-2026-000123' }) externalId?: string;
  @ApiProperty({ type: () => PayerView, example: PAYER_VIEW_EXAMPLE }) payer!: PayerView;
  @ApiPropertyOptional({ type: () => BoletoView, example: BOLETO_EXAMPLE, description: 'boleto and bolepix.' })
  boleto?: BoletoView;
  @ApiPropertyOptional({ type: () => PixView, example: PIX_EXAMPLE, description: 'pix and bolepix.' }) pix?: PixView;
  @ApiPropertyOptional({ example: `${daysFromToday(1)}T13:05:00.000Z` }) paidAt?: string;
  @ApiPropertyOptional({ example: 15990, description: 'Integer cents.' }) paidAmount?: number;
  @ApiPropertyOptional({ example: `${daysFromToday(2)}T09:00:00.000Z` }) cancelledAt?: string;
  @ApiPropertyOptional({
    type: () => RefundView,
    isArray: true,
    example: [REFUND_EXAMPLE],
    description: 'Refunds of a paid charge, oldest first.',
  })
  refunds?: RefundView[];
  @ApiPropertyOptional({ example: 5000, description: 'Integer cents refunded so far.' }) refundedAmount?: number;
  @ApiProperty({ example: `${daysFromToday(0)}T14:00:00.000Z` }) createdAt!: string;
  @ApiProperty({ example: `${daysFromToday(0)}T14:00:00.000Z` }) updatedAt!: string;
}

export class ProviderCapabilitiesView {
  @ApiProperty({ enum: CHARGE_TYPES, isArray: true, example: ['boleto', 'pix', 'bolepix'] }) types!: ChargeType[];
  @ApiProperty({ example: true, description: 'The provider honours an idempotency key on create.' })
  idempotentCreate!: boolean;
  @ApiProperty({ example: false, description: 'Create answers PROCESSING; reads fill in the payment data later.' })
  asyncRegistration!: boolean;
  @ApiProperty({ example: false, description: 'POST /initialize obtains a provider session.' })
  requiresSession!: boolean;
  @ApiProperty({ example: true }) cancel!: boolean;
  @ApiProperty({ example: true, description: 'GET /v1/charges is available.' }) list!: boolean;
  @ApiProperty({ example: true, description: 'POST /v1/charges/:id/refunds is available.' }) refund!: boolean;
  @ApiProperty({
    example: false,
    description:
      'GET /v1/charges/:id/boleto.pdf serves the bank’s own PDF where it has one (else the gateway renders it).',
  })
  boletoPdf!: boolean;
}

export class ProviderInfoView {
  @ApiProperty({ example: 'sandbox' }) id!: string;
  @ApiProperty({ example: 'Sandbox (embedded test bank)' }) displayName!: string;
  @ApiProperty({ type: () => ProviderCapabilitiesView, example: CAPABILITIES_EXAMPLE })
  capabilities!: ProviderCapabilitiesView;
}

// Compile-time guards: each view documents exactly the type the routes answer (the model of
// libs/providers), property by property, so a model change fails the type-check here.
export const VIEWS_MATCH_MODEL: [
  Same<ChargeView, Charge>,
  Same<RefundView, ChargeRefund>,
  Same<ProviderCapabilitiesView, ProviderCapabilities>,
  Same<ProviderInfoView, ProviderInfo>,
] = [true, true, true, true];
