import { AppError } from '../errors/app-error';
import type { FieldError } from '../errors/error-catalogue';

/** Far deeper than any body we accept (the deepest valid one, payer.address.street, is 3). */
const MAX_BODY_DEPTH = 8;

/** ES2024's String.prototype.isWellFormed/toWellFormed (native on Node 24); the project's TypeScript lib predates them. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string): boolean => (s as Es2024String).isWellFormed();

const NOT_WELL_FORMED = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';
const KEY_NOT_WELL_FORMED = 'the field name is not well-formed Unicode (it holds a lone UTF-16 surrogate)';

/** Refuses a single string (a path parameter, a header-derived value) that is not well-formed Unicode, naming it. */
export function assertWellFormed(value: string, field: string): void {
  if (!wellFormed(value)) throw AppError.validation([{ field, message: NOT_WELL_FORMED }]);
}

/** Where a value sits in the body; only turned into a `payer.address.city` path when a field fails. */
interface Step {
  key: string;
  parent: Step | undefined;
}

function fieldOf(step: Step | undefined): string {
  const keys: string[] = [];
  for (let s = step; s; s = s.parent) keys.push(s.key);
  return keys.length === 0 ? 'body' : keys.reverse().join('.');
}

/** Bodies (REST and MCP create the same object) already walked, so the pipe and the service walk each once. */
const CHECKED = new WeakSet<object>();

/**
 * Refuses with 400 VALIDATION_ERROR, in one iterative walk (no recursion, so a hostile body of thousands of nested
 * arrays cannot overflow the stack of the transformers that walk it later):
 * - a body nested deeper than MAX_BODY_DEPTH (field `body`);
 * - any string, value or key, at any depth, that is not well-formed Unicode (a lone UTF-16 surrogate such as
 *   `"\ud800"` is valid JSON, but validator.js hands strings to encodeURI, which throws on it), naming the field.
 */
export function assertBodyShape(body: unknown): void {
  if (typeof body === 'string') return assertWellFormed(body, 'body');
  if (body === null || typeof body !== 'object' || CHECKED.has(body)) return;
  const errors: FieldError[] = [];
  const stack: Array<[object, number, Step | undefined]> = [[body, 0, undefined]];
  while (stack.length > 0) {
    const [value, depth, at] = stack.pop() as [object, number, Step | undefined];
    if (depth >= MAX_BODY_DEPTH)
      throw AppError.validation([
        { field: 'body', message: `the body is nested deeper than ${MAX_BODY_DEPTH} levels` },
      ]);
    for (const key of Object.keys(value)) {
      const child: unknown = (value as Record<string, unknown>)[key];
      if (!wellFormed(key)) {
        errors.push({
          field: fieldOf({ key: (key as Es2024String).toWellFormed(), parent: at }),
          message: KEY_NOT_WELL_FORMED,
        });
      } else if (typeof child === 'string') {
        if (!wellFormed(child)) errors.push({ field: fieldOf({ key, parent: at }), message: NOT_WELL_FORMED });
      } else if (child !== null && typeof child === 'object') {
        stack.push([child, depth + 1, { key, parent: at }]);
      }
    }
  }
  if (errors.length > 0) throw AppError.validation(errors);
  CHECKED.add(body);
}
