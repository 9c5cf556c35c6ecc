import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Answers are written by fast-json-stringify from the JSON Schema of the route's zod response
 * schema (ADR 0012): zod checks what comes in, not every answer going out. A route whose schema
 * the compiler cannot take keeps zod's serializer (validate, then JSON.stringify), so it is
 * slower, never broken; `onFallback` says which.
 *
 * With `checkResponses` (the test suites turn it on) every answer is also encoded by zod: an
 * answer that does not match its schema, or that the compiled serializer writes differently
 * (a field dropped, a value coerced), fails with a 500 naming the route.
 */
export function compiledSerializerCompiler(options: {
  checkResponses: boolean;
  onFallback: (route: string, error: unknown) => void;
}): FastifySerializerCompiler<unknown> {
  return (route) => {
    const { schema, method, url, httpStatus } = route;
    const name = `${method} ${url} ${httpStatus}`;
    const zodSchema = zodSchemaOf(schema);
    let fast: ((data: unknown) => string) | undefined;
    if (zodSchema) {
      try {
        fast = compiledSerializerOf(zodSchema);
      } catch (error) {
        options.onFallback(name, error);
      }
    } else options.onFallback(name, new Error('not a zod schema'));
    const viaZod = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
    if (!fast) return withJsonText(viaZod);
    if (!options.checkResponses) return withJsonText(fast);
    const compiled = fast;
    return (data: unknown) => {
      if (data instanceof JsonText) {
        // Written elsewhere (by PostgreSQL): it must be exactly what the serializer would write.
        const parsed = JSON.parse(data.text);
        viaZod(parsed);
        const serialised = compiled(parsed);
        if (serialised !== data.text)
          throw new Error(
            `${name}: the answer written as JSON text differs from the serializer's: ${data.text.slice(0, 2000)}; serializer: ${serialised.slice(0, 2000)}`,
          );
        return data.text;
      }
      const expected = viaZod(data);
      const actual = compiled(data);
      if (!isDeepStrictEqual(JSON.parse(actual), JSON.parse(expected)))
        throw new Error(
          `${name}: the compiled serializer wrote ${actual.slice(0, 2000)}; zod wrote ${expected.slice(0, 2000)}`,
        );
      return actual;
    };
  };
}

/**
 * An answer already written as JSON text, by PostgreSQL for the hottest reads (ADR 0016): the
 * serializer sends it as it is. With `checkResponses` it is parsed, checked by zod, and must
 * be byte for byte what the compiled serializer writes for the same value.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

function withJsonText(serialise: (data: unknown) => string): (data: unknown) => string {
  return (data) => (data instanceof JsonText ? data.text : serialise(data));
}

function zodSchemaOf(schema: unknown): z.ZodType | undefined {
  if (schema instanceof z.ZodType) return schema;
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  return properties instanceof z.ZodType ? properties : undefined;
}

type JsonSchema = { [key: string]: unknown };

/** Compiled once per zod schema: routes share their error and item schemas. */
const compiledByZodSchema = new WeakMap<z.ZodType, (data: unknown) => string>();

/** The compiled serializer of a zod schema, for a part of an answer written as JSON text. */
export function serializerOf<T extends z.ZodType>(schema: T): (data: z.output<T>) => string {
  return compiledSerializerOf(schema);
}

function compiledSerializerOf(schema: z.ZodType): (data: unknown) => string {
  let compiled = compiledByZodSchema.get(schema);
  if (!compiled) {
    compiled = fastJson(serializationSchemaOf(schema) as unknown as fastJson.Schema);
    compiledByZodSchema.set(schema, compiled);
  }
  return compiled;
}

/**
 * The JSON Schema the serializer is compiled from: the route's output schema, every named part
 * inlined (an empty registry, so no `$ref`), and zod's `anyOf: [X, null]` for `.nullable()`
 * turned into `nullable: true` on X. fast-json-stringify would otherwise pick the branch by
 * running a validator on each value, and a null object not marked nullable is written `{}`.
 */
export function serializationSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    unrepresentable: 'any',
    metadata: z.registry(),
  }) as JsonSchema;
  return nullableFolded(json) as JsonSchema;
}

function nullableFolded(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableFolded);
  if (!node || typeof node !== 'object') return node;
  const folded: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) folded[key] = nullableFolded(value);
  const options = folded.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return folded;
  const isNull = (option: JsonSchema) => option.type === 'null' && Object.keys(option).length === 1;
  const other = (options as JsonSchema[]).find((option) => !isNull(option));
  const nulls = (options as JsonSchema[]).filter(isNull).length;
  if (nulls !== 1 || !other || typeof other.type !== 'string') return folded;
  if (other.anyOf || other.oneOf || other.allOf || other.$ref) return folded;
  const { anyOf: _nullable, ...siblings } = folded;
  return { ...siblings, ...other, nullable: true };
}
