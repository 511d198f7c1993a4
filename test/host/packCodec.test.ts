// The block cache's encoding of plain data (`server/src/host/packCodec.ts`): what is encoded decodes to an equal
// value (numbers of every kind, strings JSON and UTF-8 would bend, maps, absent and undefined properties), anything
// that is not plain data is refused when encoding, and words or strings that do not fit together are refused when
// decoding, with `PackFormatError` and never another exception.

import { describe, expect, it } from 'vitest';
import { buildersOf, decodeValue, encodeValue, PackFormatError, ShapeTable } from '../../server/src/host/packCodec.js';

function roundTrip(value: unknown, shapes = new ShapeTable()): unknown {
  const { words, strings } = encodeValue(value, shapes);
  // Through JSON and a copy of the words, as the pack stores them.
  return decodeValue(Int32Array.from(words), JSON.parse(JSON.stringify(strings)) as string[], buildersOf(JSON.parse(JSON.stringify(shapes.shapes))));
}

describe('the pack codec', () => {
  it('gives back numbers of every kind', () => {
    const numbers = [0, 1, -1, 7, 2 ** 27 - 1, -(2 ** 27), 2 ** 27, -(2 ** 27) - 1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, 0.5, -1e-300, Math.PI, Infinity, -Infinity];
    expect(roundTrip(numbers)).toEqual(numbers);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Number.isNaN(roundTrip(NaN))).toBe(true);
  });

  it('gives back strings as they were, lone surrogates and line separators too', () => {
    const strings = ['', 'plain', 'é ü ß', '😀 and \ud83d alone', '\udc00', 'a\u2028b\u2029c', '\u0000\u001f"\\', '"quoted"', 'x'.repeat(100_000)];
    expect(roundTrip(strings)).toEqual(strings);
  });

  it('gives back objects, arrays and maps, with their keys in order and undefined properties kept', () => {
    const value = {
      start: 3,
      end: 9,
      run: { text: 'abc', kind: 'paragraph', pieces: [{ textStart: 0, length: 3, sourceStart: 3 }, { textStart: 3, length: 1, sourceStart: 8, offsets: [0, 2, 5] }] },
      facts: [{ references: new Map([[0, []], [4, [{ text: '§ 2', self: false }]]]), memo: new Map<string, unknown>([['head', { lead: 0, n: undefined, after: '' }], ['t0:3', 'Title']]) }, {}],
      flags: [true, false, null, undefined],
      empty: { a: undefined },
      nested: [[[]], new Map()],
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.keys(back.run)).toEqual(['text', 'kind', 'pieces']);
    expect('a' in back.empty).toBe(true);
    expect(back.facts[0]!.memo).toBeInstanceOf(Map);
  });

  it('shares one table of shapes between values, and a later table extends an earlier one', () => {
    const shapes = new ShapeTable();
    const first = encodeValue({ start: 1, end: 2 }, shapes);
    const extended = new ShapeTable(shapes.shapes);
    const second = encodeValue([{ start: 3, end: 4 }, { other: true }], extended);
    expect(extended.shapes.slice(0, shapes.shapes.length)).toEqual(shapes.shapes);
    const builders = buildersOf(extended.shapes);
    expect(decodeValue(first.words, first.strings, builders)).toEqual({ start: 1, end: 2 });
    expect(decodeValue(second.words, second.strings, builders)).toEqual([{ start: 3, end: 4 }, { other: true }]);
  });

  it('writes a small value in few words', () => {
    const { words, strings } = encodeValue({ span: { start: 10, end: 20 }, text: 'x', list: [1, 2, 3] }, new ShapeTable());
    expect(words.length).toBe(9); // two objects, the array, and one word per number or string
    expect(strings).toEqual(['x']);
  });

  const refused: [string, unknown][] = [
    ['a class instance', new (class Thing {})()],
    ['a date', new Date(0)],
    ['a typed array', new Int32Array(2)],
    ['a set', new Set([1])],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['an object without a prototype', Object.create(null) as object],
    ['an array with a named property', Object.assign([1], { input: 'x' })],
    ['an array with holes', [1, , 3]],
    ['an object with a symbol key', { [Symbol('k')]: 1 }],
    ['an object nested too deeply', Array.from({ length: 300 }).reduce<unknown>((inner) => [inner], 0)],
  ];
  for (const [name, value] of refused) {
    it(`refuses to encode ${name}`, () => {
      expect(() => encodeValue({ inside: [value] }, new ShapeTable())).toThrow();
    });
  }

  const { words, strings } = encodeValue({ a: [1, 'two', { b: new Map([[1, 2]]) }], c: 2 ** 40 }, new ShapeTable());
  const shapes = buildersOf([['a', 'c'], ['b']]);
  const broken: [string, Int32Array, unknown[], ReturnType<typeof buildersOf>][] = [
    ['words cut short', words.subarray(0, words.length - 1), strings, shapes],
    ['no words', new Int32Array(0), strings, shapes],
    ['words left over', Int32Array.from([...words, 7]), strings, shapes],
    ['a string that is not there', words, [], shapes],
    ['a shape that is not there', words, strings, shapes.slice(0, 1)],
    ['an unknown tag', Int32Array.from([15]), [], shapes],
    ['an array longer than its words', Int32Array.from([(1000 << 4) | 3, 0]), [], shapes],
    ['a map larger than its words', Int32Array.from([(1000 << 4) | 4, 0, 0]), [], shapes],
    ['a negative length', Int32Array.from([(-5 << 4) | 3]), [], shapes],
  ];
  for (const [name, w, s, b] of broken) {
    it(`refuses to decode ${name}`, () => {
      expect(() => decodeValue(w, s as string[], b)).toThrow(PackFormatError);
    });
  }

  it('refuses a table of shapes that is not one, or that names __proto__', () => {
    const many = Array.from({ length: 5000 }, (_, i) => [`k${i}`]);
    const wide = [Array.from({ length: 300 }, (_, i) => `k${i}`)];
    for (const table of [undefined, 'shapes', [['a'], 'b'], [[1]], [['__proto__']], many, wide]) expect(() => buildersOf(table)).toThrow(PackFormatError);
  });
});
