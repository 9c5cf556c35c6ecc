import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fromSchema, parameterText } from './support/schema-arbitrary.ts';

// CI's fuzz run (seed 857949910) stopped on a generated parameter: String() of a
// null-prototype object throws "Cannot convert object to primitive value".
it('a generated parameter of any shape becomes text', () => {
  const bare = Object.assign(Object.create(null) as object, { a: 1 });
  expect(parameterText(bare)).toBe('{"a":1}');
  expect(parameterText({ toString: 1 })).toBe('{"toString":1}');
  expect(parameterText(['x', 2])).toBe('x,2');
  expect(parameterText(['x', bare])).toBe('["x",{"a":1}]');
  expect(parameterText(null)).toBe('null');
  expect(parameterText(7)).toBe('7');
  expect(parameterText('as is')).toBe('as is');
  // Every value the fuzz can draw for an untyped parameter (its junk included) turns into text.
  fc.assert(
    fc.property(fromSchema({}, {}), (value) => typeof parameterText(value) === 'string'),
    { numRuns: 2000 },
  );
});
