import type { Server } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/env.schema';
import { AppError } from '../errors/app-error';
import { problemBody, toAppError } from './problem.filter';
import { isFormBodyRoute, parseFormBody } from './form-body';
import { hasUndecodableJsonBody, UNSUPPORTED_MEDIA_DETAIL } from './json-body';
import { malformedPathError } from './path-encoding';
import { requestIdOf } from './request-context';

/** The Fastify adapter with our limits (body limit, proto-poisoning refused, no request logging of its own). */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    logger: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    requestTimeout: 120_000,
    // Charge ids may be 128 characters; longer ones must reach validation (400), not Fastify's 404. Exact paths, as
    // on Express (see express.edge): case-sensitive, and a trailing slash is another path (404).
    routerOptions: { maxParamLength: 256, caseSensitive: true, ignoreTrailingSlash: false },
    // Errors Fastify raises before routing (a path that is not valid percent-encoded UTF-8: FST_ERR_BAD_URL) get our
    // problem+json, never Fastify's own body, which echoes the raw path.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const appError = error.code === 'FST_ERR_BAD_URL' ? malformedPathError() : toAppError(error);
      const requestId = requestIdOf(request.raw);
      void reply
        .code(appError.status)
        .header('Content-Type', 'application/problem+json; charset=utf-8')
        .header('X-Request-Id', requestId)
        .header('Cache-Control', 'no-store')
        .send(JSON.stringify(problemBody(appError, requestId)));
    },
  });
}

/**
 * Everything Fastify-specific after creation: JSON-only bodies, and a JSON parser that, like the
 * Express one, takes an empty body as "no body" while keeping Fastify's prototype-poisoning checks.
 */
export async function configureFastify(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  // Bodies must be JSON: without its text/plain parser (and without the urlencoded one Nest adds unless
  // bodyParser is false, see app.factory) Fastify answers other media types with 415.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  const jsonParser = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  const parse = (
    req: Parameters<typeof jsonParser>[0],
    body: Buffer,
    done: NonNullable<Parameters<typeof jsonParser>[2]>,
  ) => {
    if (hasUndecodableJsonBody(req.headers)) {
      done(new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL), undefined);
      return;
    }
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    jsonParser(req, body.toString('utf8'), done);
  };
  for (const type of ['application/json', /^application\/[a-z0-9.+-]+\+json(\s*;.*)?$/i]) {
    app.useBodyParser<Server>(type, { bodyLimit: config.bodyLimitBytes }, parse as never);
  }
  // Form bodies only on the OAuth routes (FORM_BODY_PATHS); 415 anywhere else, as without a parser.
  const parseForm = (
    req: Parameters<typeof jsonParser>[0],
    body: Buffer,
    done: NonNullable<Parameters<typeof jsonParser>[2]>,
  ) => {
    if (!isFormBodyRoute(req.raw)) done(new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_DETAIL), undefined);
    else done(null, parseFormBody(body.toString('utf8')));
  };
  app.useBodyParser<Server>(
    'application/x-www-form-urlencoded',
    { bodyLimit: config.bodyLimitBytes },
    parseForm as never,
  );
}
