import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';

type Converter = StandardSchemaWithJSON['~standard']['jsonSchema'];
type ConvertOptions = Parameters<Converter['input']>[0];
type JsonSchema = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The same schema, with its JSON Schema conversion done once per direction and target and then reused.
 *
 * The endpoint is stateless, so a fresh McpServer serves each request, and the SDK converts a tool's
 * schemas (`~standard.jsonSchema.input/output`, the Standard JSON Schema hook it calls) for every
 * tools/list and tools/call: zod rebuilds the conversion from scratch each time, which made it the
 * top CPU cost of /mcp. A tool's schemas are fixed at boot, so the result never changes; it holds no
 * per-request state. It is a deep-frozen copy (the zod output can share objects with the schema, such
 * as default values), so nothing that reads it can change what the next request sees. Validation is
 * the schema's own, untouched. A call with `libraryOptions` (the SDK passes none) is not memoized.
 */
export function withJsonSchemaMemo<I, O>(schema: StandardSchemaWithJSON<I, O>): StandardSchemaWithJSON<I, O> {
  const std = schema['~standard'];
  const converter = std.jsonSchema;
  const converted = new Map<string, JsonSchema>();
  const memo =
    (io: 'input' | 'output') =>
    (options: ConvertOptions): JsonSchema => {
      if (options.libraryOptions !== undefined) return converter[io](options);
      const key = `${io}:${options.target}`;
      let json = converted.get(key);
      if (json === undefined) {
        json = deepFreeze(structuredClone(converter[io](options)));
        converted.set(key, json);
      }
      return json;
    };
  return {
    '~standard': {
      version: std.version,
      vendor: std.vendor,
      ...(std.types !== undefined && { types: std.types }),
      validate: (value, options) => std.validate(value, options),
      jsonSchema: { input: memo('input'), output: memo('output') },
    },
  };
}
