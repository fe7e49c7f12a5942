/**
 * Which kinds of record a write unit changed, noted as its repositories' write calls are made
 * (the same for both engines), and the listeners that hear of them once the unit commits.
 */
import type { ChangeListener, RecordTopic, WriteTx } from './contract';
import { onFirstUse } from './onFirstUse';

/** The write calls of each repository and the topic each changes. */
const writes: { [R in keyof WriteTx]?: { topic: RecordTopic; methods: readonly string[] } } = {
  patients: { topic: 'patients', methods: ['insert', 'update', 'setArchived'] },
  clinicians: { topic: 'clinicians', methods: ['insert', 'update'] },
  users: { topic: 'users', methods: ['insert', 'update', 'setPassword', 'setSignInFailures', 'insertProfile', 'updateProfile'] },
  visits: { topic: 'visits', methods: ['insert', 'create', 'update', 'insertFindings', 'deleteFindings', 'sign', 'insertAddendum'] },
  followUps: { topic: 'followUps', methods: ['insert', 'update', 'transition', 'delete'] },
  handouts: { topic: 'handouts', methods: ['insert'] },
  settings: { topic: 'settings', methods: ['put'] },
};

/** A unit's repositories that note into `touched` each topic a write call changes. */
export function noteChanges(tx: WriteTx, touched: Set<RecordTopic>): WriteTx {
  // Each repository wrapped when first used, so that one made on first use (sqlite/index.ts) stays so.
  const makers = Object.fromEntries(
    (Object.keys(tx) as Array<keyof WriteTx>).map((name) => {
      const spec = writes[name];
      return [name, spec ? () => noting(tx[name] as unknown as Methods, spec.topic, spec.methods, touched) : () => tx[name]];
    }),
  ) as { [R in keyof WriteTx]: () => WriteTx[R] };
  return onFirstUse(makers);
}

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

function noting(repository: Methods, topic: RecordTopic, methods: readonly string[], touched: Set<RecordTopic>): never {
  const wrapped: Record<string, unknown> = { ...repository };
  for (const method of methods) {
    const call = repository[method]!;
    wrapped[method] = (...args: unknown[]) => {
      touched.add(topic);
      return call(...args);
    };
  }
  return wrapped as never;
}

/** The listeners of one store. */
export function changeListeners() {
  const listeners = new Set<ChangeListener>();
  return {
    add(listener: ChangeListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get size(): number {
      return listeners.size;
    },
    emit(topics: readonly RecordTopic[]): void {
      if (topics.length === 0) return;
      for (const listener of listeners) {
        try {
          listener(topics);
        } catch {
          // One listener's fault (a closed window) must not keep the others from hearing.
        }
      }
    },
  };
}
