// The compact encoding of the block cache's entries (`blockCache.ts`): plain data (objects, arrays, maps, strings,
// numbers, booleans, undefined, null) as one stream of 32-bit words and a table of strings, with the keys of the
// objects kept once per pack in a table of shapes. Decoding builds each object with one literal per shape (compiled
// once per process), which is several times cheaper than `node:v8` deserializing the same object graph.
//
// A word holds a tag in its low 4 bits and, for most values, the value itself in the 28 bits above: a small integer,
// a string's index in the entry's table, an array's length, an object's shape. Larger integers and other numbers
// take one or two words more. The strings of an entry are one JSON array (JSON keeps lone surrogates, which UTF-8
// would not). Shared objects are written once per use (a tree, not a graph): the readings hold no cycles, and
// sharing inside them is not observable in the model.
//
// The encoder refuses anything else (class instances, typed arrays, functions, symbols) by throwing, so that a
// reading that holds one is not cached rather than cached wrongly; the decoder never trusts a word: every length,
// index and shape is checked against what is there, and a failed check throws `PackFormatError`.

/** Thrown when bytes are not a valid encoding (the caller treats the entry as absent). */
export class PackFormatError extends Error {}

const TAG_BITS = 4;
const TAG_MASK = (1 << TAG_BITS) - 1;
/** Values that fit in the 28 bits above the tag. */
const INLINE_MIN = -(1 << (31 - TAG_BITS));
const INLINE_MAX = (1 << (31 - TAG_BITS)) - 1;

const T_INT = 0; // inline small integer
const T_STRING = 1; // inline string index
const T_OBJECT = 2; // inline shape index, then one value per key
const T_ARRAY = 3; // inline length, then the elements
const T_MAP = 4; // inline size, then key and value per entry
const T_INT32 = 5; // the next word
const T_FLOAT = 6; // the next two words (a float64, little-endian)
const T_UNDEFINED = 7;
const T_NULL = 8;
const T_FALSE = 9;
const T_TRUE = 10;
const T_MINUS_ZERO = 11;

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** The keys of every object shape written to one pack, in order of first use; an old pack's table is extended. */
export class ShapeTable {
  readonly #ids = new Map<string, number>();
  readonly #shapes: string[][] = [];

  constructor(shapes: readonly (readonly string[])[] = []) {
    for (const keys of shapes) this.idOf(keys);
  }

  /** The shapes, for the pack's header. */
  get shapes(): readonly (readonly string[])[] {
    return this.#shapes;
  }

  idOf(keys: readonly string[]): number {
    const signature = JSON.stringify(keys);
    let id = this.#ids.get(signature);
    if (id === undefined) {
      id = this.#shapes.length;
      this.#ids.set(signature, id);
      this.#shapes.push([...keys]);
    }
    return id;
  }
}

/** One value encoded: its words and its strings. */
export interface Encoded {
  readonly words: Int32Array;
  readonly strings: string[];
}

/** Encodes plain data; throws on anything else. New object shapes are added to `shapes`. */
export function encodeValue(value: unknown, shapes: ShapeTable): Encoded {
  let words = new Int32Array(1024);
  let length = 0;
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const push = (word: number) => {
    if (length === words.length) {
      const more = new Int32Array(words.length * 2);
      more.set(words);
      words = more;
    }
    words[length++] = word;
  };
  const inline = (tag: number, n: number) => {
    if (n < INLINE_MIN || n > INLINE_MAX) throw new RangeError(`too large to encode: ${n}`);
    push((n << TAG_BITS) | tag);
  };
  const write = (v: unknown, depth: number): void => {
    if (depth > 200) throw new RangeError('nested too deeply to encode');
    switch (typeof v) {
      case 'number':
        if (Number.isInteger(v) && v >= INLINE_MIN && v <= INLINE_MAX && !Object.is(v, -0)) inline(T_INT, v);
        else if ((v | 0) === v && !Object.is(v, -0)) {
          push(T_INT32);
          push(v);
        } else if (Object.is(v, -0)) push(T_MINUS_ZERO);
        else {
          push(T_FLOAT);
          float[0] = v;
          push(floatWords[0]!);
          push(floatWords[1]!);
        }
        return;
      case 'string': {
        let id = stringIds.get(v);
        if (id === undefined) {
          id = strings.length;
          stringIds.set(v, id);
          strings.push(v);
        }
        inline(T_STRING, id);
        return;
      }
      case 'boolean':
        push(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        push(T_UNDEFINED);
        return;
      case 'object': {
        if (v === null) {
          push(T_NULL);
          return;
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto === Array.prototype) {
          const list = v as readonly unknown[];
          if (Object.keys(list).length !== list.length) throw new TypeError('an array with holes or named properties');
          inline(T_ARRAY, list.length);
          for (let i = 0; i < list.length; i++) write(list[i], depth + 1);
          return;
        }
        if (proto === Map.prototype) {
          const map = v as ReadonlyMap<unknown, unknown>;
          inline(T_MAP, map.size);
          for (const [key, value] of map) {
            write(key, depth + 1);
            write(value, depth + 1);
          }
          return;
        }
        if (proto === Object.prototype) {
          if (Object.getOwnPropertySymbols(v).length > 0) throw new TypeError('an object with symbol keys');
          const keys = Object.keys(v);
          if (keys.includes('__proto__')) throw new TypeError('an object with a __proto__ key');
          inline(T_OBJECT, shapes.idOf(keys));
          const record = v as Record<string, unknown>;
          for (const key of keys) write(record[key], depth + 1);
          return;
        }
        throw new TypeError(`not plain data: ${Object.prototype.toString.call(v)}`);
      }
      default:
        throw new TypeError(`not plain data: ${typeof v}`);
    }
  };
  write(value, 0);
  return { words: words.slice(0, length), strings }; // A copy of the words written: the rest of the buffer is freed.
}

type Builder = (next: () => unknown) => object;

const MAX_SHAPES = 4096;
const MAX_KEYS = 256;

/** Object builders by shape signature, compiled once per process. */
const builders = new Map<string, Builder>();
let compile = true;

/** A function that builds an object of these keys, taking each value from `next` in order. */
function builderOf(keys: readonly string[]): Builder {
  const signature = JSON.stringify(keys);
  let builder = builders.get(signature);
  if (builder) return builder;
  for (const key of keys) if (key === '__proto__') throw new PackFormatError('a __proto__ key');
  if (compile) {
    try {
      // One object literal per shape: the engine then makes every object of the shape alike and in one step. The
      // keys are JSON string literals (a key is never code), and `__proto__` is refused above.
      builder = new Function('next', `return { ${keys.map((k) => `${JSON.stringify(k)}: next()`).join(', ')} };`) as Builder;
    } catch {
      compile = false; // Code generation from strings is disallowed: build key by key.
    }
  }
  builder ??= (next) => {
    const o: Record<string, unknown> = {};
    for (const key of keys) o[key] = next();
    return o;
  };
  builders.set(signature, builder);
  return builder;
}

/** The builders of a pack's shapes; throws `PackFormatError` when the table is not one. */
export function buildersOf(shapes: unknown): Builder[] {
  if (!Array.isArray(shapes)) throw new PackFormatError('no shape table');
  // Readings have a few dozen shapes of a few keys: far more is not a pack we wrote (and would fill the builders).
  if (shapes.length > MAX_SHAPES) throw new PackFormatError('too many shapes');
  return shapes.map((keys: unknown) => {
    if (!Array.isArray(keys) || keys.length > MAX_KEYS || !keys.every((k) => typeof k === 'string')) throw new PackFormatError('a shape is not a list of keys');
    return builderOf(keys as string[]);
  });
}

/** Decodes what `encodeValue` wrote; throws `PackFormatError` when the words or strings do not fit together. */
export function decodeValue(words: Int32Array, strings: readonly string[], shapes: readonly Builder[]): unknown {
  let at = 0;
  const end = words.length;
  const next = (): unknown => {
    if (at >= end) throw new PackFormatError('cut short');
    const word = words[at++]!;
    const n = word >> TAG_BITS;
    switch (word & TAG_MASK) {
      case T_INT:
        return n;
      case T_STRING:
        if (n < 0 || n >= strings.length) throw new PackFormatError('no such string');
        return strings[n];
      case T_OBJECT: {
        const build = shapes[n];
        if (build === undefined || n < 0) throw new PackFormatError('no such shape');
        return build(next);
      }
      case T_ARRAY: {
        if (n < 0 || n > end - at) throw new PackFormatError('an array longer than its entry');
        const list: unknown[] = [];
        for (let i = 0; i < n; i++) list.push(next());
        return list;
      }
      case T_MAP: {
        if (n < 0 || 2 * n > end - at) throw new PackFormatError('a map larger than its entry');
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const key = next();
          map.set(key, next());
        }
        return map;
      }
      case T_INT32:
        if (at >= end) throw new PackFormatError('cut short');
        return words[at++];
      case T_FLOAT:
        if (at + 2 > end) throw new PackFormatError('cut short');
        floatWords[0] = words[at++]!;
        floatWords[1] = words[at++]!;
        return float[0];
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_MINUS_ZERO:
        return -0;
      default:
        throw new PackFormatError('an unknown tag');
    }
  };
  const value = next();
  if (at !== end) throw new PackFormatError('words left over');
  return value;
}
