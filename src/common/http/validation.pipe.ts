import { ArgumentMetadata, HttpException, ValidationError, ValidationPipe } from '@nestjs/common';
import { assertBodyShape, assertWellFormed } from './body-depth';
import { AppError } from '../errors/app-error';
import type { FieldError } from '../errors/error-catalogue';

/** Flattens class-validator's nested errors into `{ field: 'payer.document', message }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'unknown field') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * ValidationPipe that first refuses absurdly deep bodies (class-transformer recurses and could overflow) and strings
 * that are not well-formed Unicode, and answers any exception a transformer or validator throws as 400, never 500:
 * input alone must never produce a 5xx.
 */
export class ShapeCheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertBodyShape(value);
    else if (typeof value === 'string') assertWellFormed(value, metadata.data ?? metadata.type);
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof AppError || err instanceof HttpException) throw err;
      throw AppError.validation([{ field: metadata.data ?? metadata.type, message: 'could not be validated' }]);
    }
  }
}

/** The global pipe: whitelist + forbid unknown fields, transform to DTO classes, our error format. */
export function createValidationPipe(): ValidationPipe {
  return new ShapeCheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
  });
}
