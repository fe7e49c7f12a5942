/**
 * Inputs for the property tests: any value at all, and valid inputs with one or two of their
 * fields changed (to an edge value, anything, or the id of a row that exists), removed, or
 * joined by an unknown one.
 */
import fc from 'fast-check';

/** Values that probe the edges of the fields: numbers out of range or not whole, odd text, odd dates. */
const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -1,
    1.5,
    -0,
    NaN,
    Infinity,
    -Infinity,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '"*',
    'AND OR NOT',
    '💥',
    'x'.repeat(10_001),
    '2025-02-29',
    '2024-02-29',
    '1899-12-31',
    '1900-01-01',
    '9999-12-31',
    '2025-6-1',
    '2025-06-01T00:00:00Z',
    true,
    false,
    null,
    undefined,
    [],
    {},
    [1, 2],
    { id: 1 },
    '__proto__',
    'constructor',
  ),
  fc.integer({ min: -5, max: 20 }),
  fc.string({ maxLength: 30 }),
);

/** What a changed field gets: an edge value, anything at all, or the id of a row that exists. */
const mutantValue = (knownIds: readonly number[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: edgeValue }, { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) }, { weight: 2, arbitrary: fc.constantFrom(...knownIds) });

type Path = ReadonlyArray<string | number>;

/** Every place in a value: each key of each object, each element of each list, and the value itself. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

interface Mutation {
  path: Path;
  op: 'set' | 'delete' | 'add';
  key: string;
  value: unknown;
}

function applyMutation(root: unknown, m: Mutation): unknown {
  if (m.path.length === 0) {
    if (m.op === 'add' && root !== null && typeof root === 'object' && !Array.isArray(root)) {
      Object.defineProperty(root, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      return root;
    }
    return m.op === 'delete' ? undefined : m.value;
  }
  let parent = root as Record<string | number, unknown>;
  for (const step of m.path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = m.path.at(-1)!;
  const target = parent[last];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.op === 'add' && target !== null && typeof target === 'object') {
    if (Array.isArray(target)) target.push(m.value);
    else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  } else {
    parent[last] = m.value;
  }
  return root;
}

/** A valid input as it is, or with one or two of its fields changed, removed, or joined by an unknown one. */
function nearValid(bases: readonly unknown[], knownIds: readonly number[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...bases).chain((base) => {
    const mutation = fc.record({
      path: fc.constantFrom(...pathsOf(base)),
      op: fc.constantFrom<Mutation['op']>('set', 'set', 'delete', 'add'),
      key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', 'notes')),
      value: mutantValue(knownIds),
    });
    // Later paths may no longer exist after an earlier mutation: those are skipped.
    return fc.array(mutation, { minLength: 0, maxLength: 2 }).map((mutations) => {
      let input: unknown = structuredClone(base);
      for (const m of mutations) {
        try {
          input = applyMutation(input, m);
        } catch {
          // The path went away with an earlier change.
        }
      }
      return input;
    });
  });
}

/** Any value at all, of the odd kinds too (boxed, sparse, typed, without a prototype). */
export const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Anything, or (twice as often) one of `bases` changed a little; ids put in are among `knownIds`. */
export const arbitraryInputs = (bases: readonly unknown[], knownIds: readonly number[]): fc.Arbitrary<unknown> =>
  bases.length === 0 ? anything : fc.oneof({ weight: 1, arbitrary: anything }, { weight: 2, arbitrary: nearValid(bases, knownIds) });
