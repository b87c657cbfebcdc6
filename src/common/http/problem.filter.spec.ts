import { readFileSync } from 'node:fs';
import { AppError } from '../errors/app-error';
import { ERROR_CATALOGUE } from '../errors/error-catalogue';
import { problemBody, toAppError } from './problem.filter';

describe('error catalogue', () => {
  it('uses UPPER_SNAKE codes and HTTP error statuses', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('is listed in the README with each status', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${entry.status}\\s*\\|`));
    }
  });

  it('never puts internals of an unexpected error into the body', () => {
    const body = problemBody(toAppError(new Error('connect ECONNREFUSED 10.0.0.1 password=hunter2')), 'rid');
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, requestId: 'rid' });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('keeps field errors of a validation error', () => {
    const body = problemBody(AppError.validation([{ field: 'amount', message: 'must be a positive integer' }]), 'r');
    expect(body.errors).toEqual([{ field: 'amount', message: 'must be a positive integer' }]);
  });
});
