import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { scan } from 'secure-json-parse';
import { AppError } from '../errors/app-error';
import { isFormBodyRoute, parseFormBody } from './form-body';
import { hasInvalidHost, invalidHostError } from './host-header';
import { hasNonJsonBody, UNSUPPORTED_MEDIA_DETAIL } from './json-body';
import { hasMalformedPathEncoding, malformedPathError } from './path-encoding';
import type { AppConfig } from '../../config/env.schema';

type Req = IncomingMessage & { body?: unknown };

/**
 * Everything Express-specific, so that Express answers as Fastify does: exact paths (case-sensitive, no trailing
 * slash), a malformed percent-encoding in any path is 400 BAD_REQUEST, JSON-only bodies with the size limit, an empty
 * JSON body is no body, prototype-poisoning keys refused without recursion; no ETag, no X-Powered-By.
 */
/**
 * The Express adapter over an app whose router matches exact paths, as Fastify's does: case-sensitive, and a trailing
 * slash is another path. Express reads both settings once, when its router is created, which ExpressAdapter's own
 * constructor already does (its first `use`): hence an instance configured before the adapter exists.
 */
export function createExpressAdapter(): ExpressAdapter {
  return new ExpressAdapter(express().set('case sensitive routing', true).set('strict routing', true));
}

export function configureExpress(app: NestExpressApplication, config: AppConfig): void {
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('trust proxy', true);
  app.use((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    if (hasMalformedPathEncoding(req.url)) return next(malformedPathError());
    if (hasInvalidHost(req)) return next(invalidHostError());
    // body-parser reads a body to its end before answering 413 (a declared 50 MB that never comes held the request
    // open until the server's timeout): a Content-Length over the limit is answered at once, and the socket closed.
    if (Number(req.headers['content-length']) > config.bodyLimitBytes) {
      res.setHeader('Connection', 'close');
      return next(new AppError('PAYLOAD_TOO_LARGE'));
    }
    next(
      hasNonJsonBody(req) && !isFormBodyRoute(req)
        ? new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL)
        : undefined,
    );
  });
  // Only the OAuth routes get here with a form body (FORM_BODY_PATHS); parsed as Fastify's edge does.
  app.use((req: Req, _res: unknown, next: (err?: unknown) => void) => {
    if (!isFormBodyRoute(req)) return next();
    readFormBody(req, config.bodyLimitBytes).then(
      (body) => {
        req.body = body;
        next();
      },
      (err: unknown) => next(err),
    );
  });
  // strict: false and inflate: false behave like Fastify's parser: any JSON value parses (`null` then fails
  // validation, not JSON syntax) and a Content-Encoding is refused with 415 rather than decompressed. No reviver: V8
  // walks a reviver recursively, so a body nested a few thousand levels deep overflowed the stack (a 400 unlike
  // Fastify's); the poisoning check runs after the parse, iteratively, as Fastify's secure-json-parse does.
  app.useBodyParser('json', {
    limit: config.bodyLimitBytes,
    type: ['application/json', 'application/*+json'],
    strict: false,
    inflate: false,
  });
  app.use((req: Req, _res: unknown, next: (err?: unknown) => void) => {
    // body-parser makes {} of an empty body (`Content-Length: 0`); Fastify, like a request without a body, makes none.
    if (req.headers['content-length'] === '0') req.body = undefined;
    else if (req.body !== null && typeof req.body === 'object' && hasPrototypePoisoning(req.body))
      return next(new AppError('MALFORMED_JSON', 'The request body is not valid JSON.'));
    next();
  });
}

/** Same stance as Fastify's onProtoPoisoning/onConstructorPoisoning 'error': `__proto__` or `constructor.prototype` keys. */
function hasPrototypePoisoning(body: object): boolean {
  try {
    scan(body, { protoAction: 'error', constructorAction: 'error' });
    return false;
  } catch {
    return true;
  }
}

/** Reads a form body up to `limit` bytes (413 above it). */
function readFormBody(req: IncomingMessage, limit: number): Promise<Record<string, string | string[]>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new AppError('PAYLOAD_TOO_LARGE'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(parseFormBody(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}
