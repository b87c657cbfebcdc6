import { ERROR_CATALOGUE, ErrorCode, FieldError } from './error-catalogue';

export interface AppErrorOptions {
  /** Extra problem members (safe to show callers). */
  extra?: Record<string, unknown>;
  /** Response headers to add (e.g. Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  errors?: FieldError[];
  cause?: unknown;
}

/**
 * The only error type that crosses layers. It carries a stable code from the catalogue and a
 * detail that is safe to show a caller; the HTTP filter and the MCP adapter translate it at the edge.
 */
export class AppError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;
  readonly errors?: FieldError[];

  constructor(
    readonly code: ErrorCode,
    detail?: string,
    options: AppErrorOptions = {},
  ) {
    super(detail ?? ERROR_CATALOGUE[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
    this.errors = options.errors;
  }

  static validation(errors: FieldError[], detail?: string): AppError {
    return new AppError(
      'VALIDATION_ERROR',
      detail ??
        `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.field).join(', ')}`,
      { errors },
    );
  }
}
