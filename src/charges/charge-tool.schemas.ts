import { z } from 'zod';
import { Charge, CHARGE_STATUSES, CHARGE_TYPES, REFUND_STATUSES } from '@lib/providers';
import type { InitializeResult } from '../auth/initialize.service';
import type { Same } from '../common/same-type';
import type { ProviderInfo } from './charges.service';
import type { ChargeListResponse } from './listing/charge-listing.service';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE } from './idempotency/idempotency-key';

/*
 * The zod schemas of the charge tools (charges.tools.ts), built once at module load. Input schemas
 * document the arguments for a model; they carry types and units but no format rules, because the
 * real validation is the service's (the same as REST), so errors come back as our VALIDATION_ERROR.
 * Output schemas are checked against the service's types below; `chargeOutput` also gives REST its
 * field order (present-charge.ts).
 */

const YMD = 'Date as YYYY-MM-DD.';

const address = z.object({
  street: z.string(),
  number: z.string(),
  complement: z.string().optional(),
  district: z.string(),
  city: z.string(),
  state: z.string().describe('Two-letter UF, e.g. SP.'),
  zipCode: z.string().describe('CEP, 8 digits (punctuation is ignored).'),
});

const payerInput = z.object({
  name: z.string().describe('Payer full name or company name.'),
  document: z.string().describe('CPF (11 digits) or CNPJ (14 characters); punctuation is ignored.'),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: address.optional().describe('Postal address; some banks require it for boletos.'),
});

/** create_charge arguments: the POST /v1/charges body plus an optional idempotency key. */
export const createChargeArgs = z.object({
  type: z
    .enum(CHARGE_TYPES)
    .describe('boleto (bank slip), pix (Pix QR code) or bolepix (boleto that also carries a Pix QR code).'),
  amount: z.number().int().describe('Amount in integer cents of BRL, 1 to 9999999999: 1050 means R$ 10,50.'),
  dueDate: z
    .string()
    .optional()
    .describe(`${YMD} Required for boleto and bolepix, not used for pix; today or later (America/Sao_Paulo).`),
  expiresInSeconds: z
    .number()
    .int()
    .optional()
    .describe('Pix only: seconds until the Pix code expires, 60 to 31536000 (default 86400).'),
  description: z.string().optional().describe('Text shown to the payer, up to 140 characters.'),
  externalId: z
    .string()
    .optional()
    .describe('Your own reference for this charge (up to 64 characters), returned on every read.'),
  payer: payerInput,
  fine: z
    .object({ percent: z.number().optional(), amount: z.number().int().optional() })
    .optional()
    .describe(
      'Boleto and bolepix only. Late fine: percent of the amount (0 < percent <= 20) or a fixed amount in cents; exactly one of them.',
    ),
  interest: z
    .object({ monthlyPercent: z.number() })
    .optional()
    .describe('Boleto and bolepix only. Late interest: monthly percent (0 < monthlyPercent <= 10).'),
  discount: z
    .object({ percent: z.number().optional(), amount: z.number().int().optional(), until: z.string().describe(YMD) })
    .optional()
    .describe(
      'Boleto and bolepix only. Early-payment discount until a date (not after dueDate): percent (0 < percent < 100) or a fixed amount in cents below the charge amount; exactly one of them.',
    ),
  idempotencyKey: z
    .string()
    .optional()
    .describe(
      'Optional key (like the Idempotency-Key header): repeating a call with the same key and arguments returns the first charge instead of creating another.',
    ),
});

/** The Idempotency-Key header's rule, for the argument. */
const idempotencyKey = z.string().regex(IDEMPOTENCY_KEY, `idempotencyKey ${IDEMPOTENCY_KEY_RULE}`);

/** The one argument create_charge parses itself; the rest is the charge body, validated by the service. */
export const idempotencyArgs = z.looseObject({ idempotencyKey: idempotencyKey.optional() });

// Strict: an argument the tool does not know (a misspelled idempotencyKey, say) is refused, never silently dropped.
export const chargeIdArgs = z.strictObject({
  id: z.string().min(1).max(256).describe('The charge id returned by create_charge.'),
});
export const cancelChargeArgs = chargeIdArgs.extend({
  idempotencyKey: idempotencyKey
    .optional()
    .describe('Optional key (like the Idempotency-Key header) making retries safe.'),
});
export const noArgs = z.object({}).strict();

/** list_charges arguments: the query of GET /v1/charges (validated by the service, like REST). */
export const listChargesArgs = z.strictObject({
  status: z
    .array(z.enum(CHARGE_STATUSES))
    .optional()
    .describe('Only charges in any of these statuses, e.g. ["PENDING", "OVERDUE"] for what is still open.'),
  type: z.enum(CHARGE_TYPES).optional(),
  createdFrom: z.string().optional().describe(`${YMD} Created on or after this day (America/Sao_Paulo).`),
  createdTo: z.string().optional().describe(`${YMD} Created on or before this day.`),
  dueFrom: z.string().optional().describe(`${YMD} Due on or after this day.`),
  dueTo: z.string().optional().describe(`${YMD} Due on or before this day.`),
  paidFrom: z.string().optional().describe(`${YMD} Paid on or after this day.`),
  paidTo: z.string().optional().describe(`${YMD} Paid on or before this day.`),
  externalId: z.string().optional().describe('Your own reference given at create.'),
  payerDocument: z.string().optional().describe("The payer's CPF or CNPJ; punctuation is ignored."),
  limit: z.number().int().optional().describe('Charges per page, 1 to 100 (default 20).'),
  cursor: z
    .string()
    .optional()
    .describe('nextCursor of the previous page; pass the same filters with it to read the next page.'),
});

/** refund_charge arguments. */
export const refundChargeArgs = chargeIdArgs.extend({
  amount: z
    .number()
    .int()
    .optional()
    .describe('Integer cents to give back (1050 = R$ 10,50); leave it out to refund all that is left.'),
  reason: z.string().optional().describe('Why, up to 140 characters.'),
  idempotencyKey: idempotencyKey
    .optional()
    .describe('Optional key (like the Idempotency-Key header): a repeat with the same key never refunds twice.'),
});

const payerOutput = payerInput.extend({ documentType: z.enum(['CPF', 'CNPJ']) });

/** The unified charge (libs/providers/src/charge.model.ts), as structured tool output. */
export const chargeOutput = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.enum(CHARGE_TYPES),
  status: z.enum(CHARGE_STATUSES),
  providerStatus: z.string(),
  amount: z.number().int().describe('Integer cents of BRL.'),
  currency: z.literal('BRL'),
  dueDate: z.string().optional(),
  description: z.string().optional(),
  externalId: z.string().optional(),
  payer: payerOutput,
  boleto: z.object({ digitableLine: z.string(), barcode: z.string(), pdfUrl: z.string().optional() }).optional(),
  pix: z
    .object({
      brCode: z.string().describe('Pix copia-e-cola (EMV BR Code).'),
      txid: z.string().optional(),
      expiresAt: z.string().optional(),
    })
    .optional(),
  paidAt: z.string().optional(),
  paidAmount: z.number().int().optional(),
  cancelledAt: z.string().optional(),
  refunds: z
    .array(
      z.object({
        id: z.string(),
        amount: z.number().int().describe('Integer cents.'),
        status: z.enum(REFUND_STATUSES),
        createdAt: z.string(),
        reason: z.string().optional(),
        payerActionUrl: z
          .string()
          .optional()
          .describe('Where the payer must act before this refund can be paid (hand it to the payer).'),
      }),
    )
    .optional(),
  refundedAmount: z.number().int().optional().describe('Integer cents refunded so far.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One page of list_charges (GET /v1/charges). */
export const chargeListOutput = z.object({
  data: z.array(chargeOutput),
  hasMore: z.boolean(),
  nextCursor: z.union([
    z.string().describe('Pass it as cursor, with the same filters, for the next page.'),
    z.null().describe('This is the last page.'),
  ]),
});

const capabilities = z.object({
  types: z.array(z.enum(CHARGE_TYPES)),
  idempotentCreate: z.boolean(),
  asyncRegistration: z.boolean(),
  requiresSession: z.boolean(),
  cancel: z.boolean(),
  list: z.boolean(),
  refund: z.boolean(),
  boletoPdf: z
    .boolean()
    .describe('get_boleto_pdf returns the bank’s own PDF where it has one (else one rendered by the gateway).'),
});

export const providersOutput = z.object({
  providers: z.array(z.object({ id: z.string(), displayName: z.string(), capabilities })),
});

export const initializeOutput = z.object({
  tenantId: z.string(),
  providerId: z.string(),
  capabilities,
  // anyOf rather than type ["string","null"]: portable to clients that map schemas to one-type dialects.
  session: z.object({
    expiresAt: z.union([
      z.string().describe('ISO 8601 time the bank session expires.'),
      z.null().describe('The bank has no session expiry.'),
    ]),
    cached: z.boolean(),
  }),
  cache: z.object({ enabled: z.boolean(), prefix: z.string() }),
  scopes: z.array(z.string()).describe('What the token may do (charges:read, charges:write, charges:cancel...).'),
  maxAmountCents: z.union([
    z.number().int().describe('The largest amount (cents) one charge created with this token may have.'),
    z.null().describe('No per-charge limit.'),
  ]),
});

// Compile-time guards: the output schemas must describe exactly the service's types, so a change
// to the charge model fails the type-check here instead of failing clients at run time.
export const OUTPUT_SCHEMAS_MATCH: [
  Same<z.output<typeof chargeOutput>, Charge>,
  Same<z.output<typeof chargeListOutput>, ChargeListResponse>,
  Same<z.output<typeof initializeOutput>, InitializeResult>,
  Same<z.output<typeof providersOutput>, { providers: ProviderInfo[] }>,
] = [true, true, true, true];
