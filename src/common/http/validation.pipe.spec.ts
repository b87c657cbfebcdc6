import { ValidateBy } from 'class-validator';
import { AppError } from '../errors/app-error';
import { createValidationPipe } from './validation.pipe';

class ThrowingDto {
  @ValidateBy({
    name: 'explodes',
    validator: {
      validate: () => {
        throw new URIError('URI malformed');
      },
    },
  })
  name!: string;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();

  it('turns an exception thrown by a validator into 400 VALIDATION_ERROR, never a 500', async () => {
    const err = await rejection(pipe.transform({ name: 'x' }, { type: 'body', metatype: ThrowingDto }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 400,
      errors: [{ field: 'body', message: expect.any(String) }],
    });
  });

  it('refuses a body string that is not well-formed Unicode, naming the field, before any validator runs', async () => {
    const err = await rejection(pipe.transform({ name: 'x\ud800' }, { type: 'body', metatype: ThrowingDto }));
    expect(err).toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 400,
      errors: [{ field: 'name', message: expect.stringMatching(/well-formed Unicode/) }],
    });
  });

  it('refuses a path parameter that is not well-formed Unicode, naming it', async () => {
    const err = await rejection(pipe.transform('sbx_\udc00', { type: 'param', metatype: String, data: 'id' }));
    expect(err).toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 400,
      errors: [{ field: 'id', message: expect.any(String) }],
    });
  });
});
