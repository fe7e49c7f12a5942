/**
 * Form helpers for the vocabulary's select boxes: options straight from a code table, with
 * a blank first choice so that nothing is picked by default (a clinical default picked by
 * accident looks like an answer).
 */
interface CodeTable<C extends string> {
  codes: readonly C[];
  label(code: C): string;
}

export function optionsOf<C extends string>(table: CodeTable<C>, blank?: string): Array<{ value: string; label: string }> {
  const options = table.codes.map((code) => ({ value: code, label: table.label(code) }));
  return blank === undefined ? options : [{ value: '', label: blank }, ...options];
}

/** An unanswered select or an empty date is "missing", which the schemas word as "is required". */
export const blankIsMissing = (value: unknown): unknown => (value === '' ? undefined : value);
