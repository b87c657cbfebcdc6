import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, ContentObject, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from '../common/errors/error-catalogue';
import { PROBLEM_JSON, ProblemDetailsSchema, problemExample } from './problem-details.schema';

/** The OpenAPI response object for a set of codes that share one HTTP status. */
export function problemResponse(codes: ErrorCode[]): { description: string; content: ContentObject } {
  return {
    description: codes.map((c) => `\`${c}\`: ${ERROR_CATALOGUE[c].meaning}`).join('\n\n'),
    content: {
      [PROBLEM_JSON]: {
        schema: { $ref: getSchemaPath(ProblemDetailsSchema) },
        examples: Object.fromEntries(
          codes.map((c) => [c, { summary: ERROR_CATALOGUE[c].title, value: problemExample(c) }]),
        ),
      },
    },
  };
}

/**
 * Documents the problem+json errors a route (or every route of a controller) can answer with,
 * grouped by status, each code with its meaning and an example body:
 *
 *   @ApiProblemResponses('CHARGE_NOT_FOUND', 'PROVIDER_ERROR', 'PROVIDER_TIMEOUT')
 *
 * Errors every route shares (401 on authenticated routes, 429, 400/413/415 on routes with a body,
 * 500) are added to the document for you; list only the ones specific to the route.
 */
export function ApiProblemResponses(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetailsSchema),
    ...[...byStatus].map(([status, group]) => ApiResponse({ status, ...problemResponse(group) })),
  );
}
