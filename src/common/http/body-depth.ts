import { AppError } from '../errors/app-error';

/** Far deeper than any body we accept (the deepest valid one, payer.address.street, is 3). */
const MAX_BODY_DEPTH = 8;

/**
 * Refuses bodies nested deeper than MAX_BODY_DEPTH with 400, without recursion, so a hostile body of
 * thousands of nested arrays cannot overflow the stack of the transformers that walk it later.
 */
export function assertBodyDepth(body: unknown): void {
  const stack: Array<[unknown, number]> = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) throw AppError.validation([{ field: 'body', message: `the body is nested deeper than ${MAX_BODY_DEPTH} levels` }]);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
