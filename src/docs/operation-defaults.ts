import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { controllerHandlers } from '../common/http/controller-handlers';
import { IS_PUBLIC } from '../common/http/public.decorator';
import { ERROR_CATALOGUE, ErrorCode } from '../common/errors/error-catalogue';
import { problemResponse } from './api-problem-responses.decorator';
import { BEARER_SECURITY } from './openapi-constants';
import { PROBLEM_JSON } from './problem-details.schema';
import { skipThrottleKey } from '../common/http/skip-throttle.key';

const THROTTLER_SKIP_DEFAULT = skipThrottleKey('default');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

interface RouteFlags {
  public: boolean;
  throttled: boolean;
}

/** Each controller method's flags by Swagger's default operationId (`<Class>_<method>`). */
function routeFlags(app: INestApplication): Map<string, RouteFlags> {
  const out = new Map<string, RouteFlags>();
  for (const { cls, name, handler } of controllerHandlers(app.get(ModulesContainer))) {
    const meta = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, cls);
    out.set(`${cls.name}_${name}`, {
      public: meta(IS_PUBLIC) === true,
      throttled: meta(THROTTLER_SKIP_DEFAULT) !== true,
    });
  }
  return out;
}

type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: unknown;
  responses: Record<string, Record<string, unknown>>;
};

/** Adds `codes` to an operation, merging into a response of the same status that already exists. */
function addProblems(op: Operation, codes: ErrorCode[]): void {
  for (const code of codes) {
    const status = String(ERROR_CATALOGUE[code].status);
    const wanted = problemResponse([code]);
    const existing = op.responses[status];
    if (!existing) {
      op.responses[status] = wanted;
      continue;
    }
    const content = (existing.content ??= {}) as Record<string, { examples?: Record<string, unknown> }>;
    const media = (content[PROBLEM_JSON] ??= wanted.content[PROBLEM_JSON] as { examples?: Record<string, unknown> });
    media.examples ??= {};
    if (media.examples[code]) continue;
    Object.assign(media.examples, (wanted.content[PROBLEM_JSON] as { examples: Record<string, unknown> }).examples);
    existing.description = `${existing.description ? `${existing.description}\n\n` : ''}${wanted.description}`;
  }
}

/**
 * Completes every operation with what the global pipeline does to it, so no controller has to
 * repeat it: the Bearer requirement (and 401) on every route the AuthGuard protects, 429 where the
 * throttler applies, 400/413/415 where a JSON body is read, 500 everywhere.
 */
export function applyOperationDefaults(document: OpenAPIObject, app: INestApplication): void {
  const flags = routeFlags(app);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const f = flags.get(op.operationId ?? '') ?? { public: false, throttled: true };
      const codes: ErrorCode[] = [];
      if (!f.public) {
        if (!op.security?.some((s) => BEARER_SECURITY in s))
          op.security = [...(op.security ?? []), { [BEARER_SECURITY]: [] }];
        codes.push('AUTH_INVALID_TOKEN');
      }
      if (f.throttled) codes.push('RATE_LIMITED');
      if (op.requestBody)
        codes.push('MALFORMED_JSON', 'VALIDATION_ERROR', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
      codes.push('INTERNAL_ERROR');
      addProblems(op, codes);
    }
  }
}
