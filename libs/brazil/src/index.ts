/**
 * Brazilian domain code: pure functions, no Nest, no I/O. See README "Brazilian domain code".
 */
export { documentType, isValidCnpj, isValidCpf, normalizeDocument } from './document';
export type { DocumentType } from './document';
export { UFS, isValidUf, normalizeCep, normalizeUf } from './cep';
export {
  barcodeToDigitableLine,
  buildBoleto,
  digitableLineToBarcode,
  dueDateFactor,
  dueDateFromFactor,
  formatDigitableLine,
  isValidBarcode,
  isValidDigitableLine,
  parseBoleto,
} from './boleto';
export type { Boleto, BoletoInput, ParseBoletoOptions, ParsedBoleto } from './boleto';
export { buildPixBrCode, normalizePixKey, parsePixBrCode } from './pix-br-code';
export type { ParsedPixBrCode, PixBrCodeInput } from './pix-br-code';
export { BrCodeFormatError, crc16 } from './emv-tlv';
export { centsToDecimal, decimalToCents } from './money';
export { dayToIsoDate, isoDateToDay, isValidIsoDate, todayInSaoPaulo } from './calendar-date';
