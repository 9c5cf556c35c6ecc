import fc, { type Arbitrary } from 'fast-check';

/** The parts of JSON Schema (as docs/openapi.json writes it) the generator follows. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
}

const junk: Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'null',
    '-1',
    '1e309',
    '../../etc/passwd',
    '<script>',
    'ü'.repeat(70),
  ),
  fc.integer(),
  fc.double(),
);

/**
 * Values shaped by a route's schema, mostly valid, sometimes wrong in one place (a wrong
 * type, a missing required key, an unknown key, a boundary length): what reaches the
 * validation and, when it passes, the store.
 */
export function fromSchema(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth = 0,
): Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(components[schema.$ref.split('/').pop()!]!, components, depth);
  const valid = validFrom(schema, components, depth);
  return depth > 3
    ? valid
    : fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: junk, weight: 1 });
}

/**
 * A generated value as a query, path or header parameter's text. A list of plain values goes
 * as String() writes it ("a,b": the form the list parameters take); an object, or a list
 * holding one, goes as JSON: String() throws on the null-prototype objects fast-check
 * generates (and on any object with a non-callable `toString` key), and "[object Object]"
 * would test nothing anyway.
 */
export function parameterText(value: unknown): string {
  const plain = (v: unknown) => typeof v !== 'object' || v === null;
  if (plain(value) || (Array.isArray(value) && value.every(plain))) return String(value);
  return JSON.stringify(value);
}

function validFrom(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth: number,
): Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((s) => fromSchema(s, components, depth + 1)));
  if (schema.allOf) return fromSchema(schema.allOf[0]!, components, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectFrom(schema, components, depth);
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, components, depth + 1) : junk, {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'string':
      return stringFrom(schema);
    case 'integer':
      return fc.oneof(
        fc.integer({
          min: Math.max(schema.minimum ?? -10, -1e6),
          max: Math.min(schema.maximum ?? 1000, 1e6),
        }),
        fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER),
      );
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return junk;
  }
}

function stringFrom(schema: JsonSchema): Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 40, 60);
  const min = Math.min(schema.minLength ?? 0, max);
  const shaped = schema.pattern
    ? fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length <= (schema.maxLength ?? 4000))
    : schema.format === 'email'
      ? fc.emailAddress()
      : schema.format === 'uri'
        ? fc.webUrl()
        : fc.string({ minLength: min, maxLength: max });
  const edges = fc.constantFrom(
    '',
    'x'.repeat(schema.maxLength ?? 300),
    'x'.repeat((schema.maxLength ?? 300) + 1),
  );
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: edges, weight: 1 });
}

function objectFrom(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth: number,
): Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(properties))
    model[key] = fromSchema(child, components, depth + 1);
  const record = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
  return fc.oneof(
    { arbitrary: record, weight: 8 },
    // A required key left out, or a key no schema names.
    {
      arbitrary: fc
        .tuple(record, fc.constantFrom(...[...required, '__unknown__']))
        .map(([value, key]) => {
          const copy = { ...(value as Record<string, unknown>) };
          if (key === '__unknown__') copy.unexpected = 'field';
          else delete copy[key];
          return copy;
        }),
      weight: 1,
    },
  );
}
