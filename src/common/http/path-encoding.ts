import { AppError } from '../errors/app-error';

/** The one answer to a request path that is not valid percent-encoded UTF-8, on both adapters and for any path. */
export const MALFORMED_PATH_DETAIL = 'The request path is not valid percent-encoded UTF-8.';

export function malformedPathError(): AppError {
  return new AppError('BAD_REQUEST', MALFORMED_PATH_DETAIL);
}

/**
 * True when the path part of a request URL has a malformed percent-escape (`%ZZ`) or escapes bytes that are not
 * UTF-8 (`%C0%80` overlong, `%ED%A0%80` a lone surrogate). Paths without `%` (nearly all) cost one indexOf.
 */
export function hasMalformedPathEncoding(url: string | undefined): boolean {
  if (url === undefined || url.indexOf('%') === -1) return false;
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  if (path.indexOf('%') === -1) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
