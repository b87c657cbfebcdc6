import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode, problemType } from '../common/errors/error-catalogue';

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
export const PROBLEM_JSON = 'application/problem+json';

/** One failing field of a VALIDATION_ERROR (OpenAPI schema). */
export class FieldErrorSchema {
  @ApiProperty({ example: 'amount' }) field!: string;
  @ApiProperty({ example: 'amount must be a positive integer (cents)' }) message!: string;
}

/** RFC 9457 problem details as every error of the service is written (OpenAPI schema). */
export class ProblemDetailsSchema {
  @ApiProperty({ example: problemType('VALIDATION_ERROR'), description: 'URN naming the error code.' }) type!: string;
  @ApiProperty({ example: ERROR_CATALOGUE.VALIDATION_ERROR.title }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({
    example: '1 invalid field: amount',
    description: 'Safe for the caller; never a stack trace or internals.',
  })
  detail!: string;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'Stable code: switch on this.' })
  code!: ErrorCode;
  @ApiProperty({
    example: '6f0c2a4e-3b1d-4e8a-9a51-1f2d3c4b5a69',
    description: 'Same as the X-Request-Id header and the log line.',
  })
  requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'VALIDATION_ERROR only: each failing field.' })
  errors?: FieldErrorSchema[];
}

/** An example body for one code, as the ProblemFilter would write it. */
export function problemExample(code: ErrorCode): Record<string, unknown> {
  const entry = ERROR_CATALOGUE[code];
  const body: Record<string, unknown> = {
    type: problemType(code),
    title: entry.title,
    status: entry.status,
    detail: entry.meaning,
    code,
    requestId: '6f0c2a4e-3b1d-4e8a-9a51-1f2d3c4b5a69',
  };
  if (code === 'VALIDATION_ERROR')
    body.errors = [{ field: 'amount', message: 'amount must be a positive integer (cents)' }];
  return body;
}

/** Markdown table of every code and status, for the document's description. */
export function errorCodeTable(): string {
  const rows = ERROR_CODES.map((c) => `| \`${c}\` | ${ERROR_CATALOGUE[c].status} | ${ERROR_CATALOGUE[c].meaning} |`);
  return ['| Code | Status | Meaning |', '|---|---|---|', ...rows].join('\n');
}
