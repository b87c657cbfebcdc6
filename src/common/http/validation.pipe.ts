import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { assertBodyDepth } from './body-depth';
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

/** ValidationPipe that first refuses absurdly deep bodies (class-transformer recurses and could overflow). */
class DepthCheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertBodyDepth(value);
    return super.transform(value, metadata);
  }
}

/** The global pipe: whitelist + forbid unknown fields, transform to DTO classes, our error format. */
export function createValidationPipe(): ValidationPipe {
  return new DepthCheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
  });
}
