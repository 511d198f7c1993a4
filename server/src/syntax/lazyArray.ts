// A read-only array whose elements are made when first read: a window's model (`editWindow.ts`) moves the clauses,
// definitions and callouts after an edit, and a rule's moved ranges, only as far as the rules look at them, not all
// on every keystroke.

/** An array of `length` elements, element `i` being `make(i)`, made once when first read. */
export function lazyArray<T>(length: number, make: (index: number) => T): readonly T[] {
  const made = new Map<number, T>();
  const at = (i: number): T => {
    let item = made.get(i);
    if (item === undefined) made.set(i, (item = make(i)));
    return item;
  };
  // An empty array behind the proxy: `length` is answered here, so no slot is allocated for elements never read.
  const target: T[] = [];
  return new Proxy(target, {
    get(array, key, receiver) {
      if (key === 'length') return length;
      if (typeof key === 'string') {
        const c = key.charCodeAt(0);
        if (c >= 48 && c <= 57) {
          const i = Number(key);
          if (Number.isInteger(i) && i < length) return at(i);
        }
      }
      return Reflect.get(array, key, receiver);
    },
    has(array, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) return Number(key) < length;
      return Reflect.has(array, key);
    },
    getOwnPropertyDescriptor(array, key) {
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < length) return { value: at(Number(key)), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(array, key);
    },
    ownKeys() {
      return [...Array.from({ length }, (_, i) => String(i)), 'length'];
    },
  });
}
