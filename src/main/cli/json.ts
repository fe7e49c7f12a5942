/**
 * JSON that a person gave the command line (a file to import, a call's input): a syntax error
 * names the line and column, as an editor shows them, and never echoes a control character.
 */

import { printable } from '@shared/errors';

export { printable };

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON for a terminal as well as a program: the characters JSON.stringify leaves as they are
 * that a terminal acts on or that reorder text (C1 controls, DEL, bidi marks, U+2028/2029) as
 * `\u` escapes. The value is the same; a hostile name cannot clear the screen or print a fake line.
 */
export const terminalSafeJson = (json: string): string =>
  json.replace(/[\u007f-\u009f\u061c\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, unicodeEscape);

/** CSV for a terminal: control characters and bidi marks escaped, the row ends (CRLF) kept; a line break inside a cell shows as `\u000a`, so a cell cannot print a line of its own. */
export const terminalCsv = (text: string): string =>
  text
    .split(/(\r\n)/)
    .map((part, i) => (i % 2 === 1 ? part : printable(part)))
    .join('');

/** A value as indented JSON (see terminalSafeJson), with its line break. */
export const jsonText = (value: unknown): string => `${terminalSafeJson(JSON.stringify(value, null, 2))}\n`;

/** `line 3, column 5` for a character offset, counting characters as an editor does. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return `line ${before.split('\n').length}, column ${[...before.slice(lineStart)].length + 1}`;
}

interface Fault {
  offset: number;
  reason: string;
  /** The reason names what is there (a field given twice): the character found is not added. */
  named?: true;
}

const literals = ['true', 'false', 'null'];
const jsonNumber = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Where a quoted text that starts at `start` ends, or what is wrong inside it. */
function stringEnd(text: string, start: number): number | Fault {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
      else return { offset: i, reason: 'a backslash inside quotes must start an escape such as \\n, \\" or \\u00e9' };
    } else if (c < ' ') {
      return { offset: i, reason: 'a control character inside quotes must be written as an escape, such as \\n for a new line' };
    } else i++;
  }
  return { offset: i, reason: 'the text ends inside quotes' };
}

/**
 * The first fault of a JSON text: what JSON.parse refuses (V8's own messages differ between
 * Node versions and often give no position), or a field named twice in one object, which
 * JSON.parse accepts by keeping the last (a second `redFlags` would silently replace the first).
 * Read without recursion.
 */
function firstFault(text: string): Fault | undefined {
  let i = 0;
  const closers: string[] = [];
  // The field names of each object open around the reader, innermost last.
  const names: Array<Set<string>> = [];
  let want: 'value' | 'value or ]' | 'name' | 'name or }' | ':' | 'next' = 'value';
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    const c = text[i];
    if (c === undefined) return want === 'next' && closers.length === 0 ? undefined : { offset: i, reason: 'the text ends before the JSON is complete' };
    if (want === 'next') {
      const closer = closers.at(-1);
      if (closer === undefined) return { offset: i, reason: 'there is more after the end of the JSON' };
      if (c === ',') want = closer === '}' ? 'name' : 'value';
      else if (c === closer) {
        closers.pop();
        if (c === '}') names.pop();
      } else return { offset: i, reason: `',' or '${closer}' was expected` };
      i++;
      continue;
    }
    if (want === ':') {
      if (c !== ':') return { offset: i, reason: "':' was expected after the field name" };
      i++;
      want = 'value';
      continue;
    }
    if ((want === 'value or ]' && c === ']') || (want === 'name or }' && c === '}')) {
      closers.pop();
      if (c === '}') names.pop();
      i++;
      want = 'next';
      continue;
    }
    if (want === 'name' || want === 'name or }') {
      if (c !== '"') return { offset: i, reason: 'a field name in double quotes was expected' };
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return end;
      const quoted = text.slice(i, end);
      const name = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
      const seen = names.at(-1)!;
      if (seen.has(name))
        return { offset: i, reason: `the field "${printable(name)}" is given twice in the same object: keep the one that is right`, named: true };
      seen.add(name);
      i = end;
      want = ':';
      continue;
    }
    if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      if (c === '{') names.push(new Set());
      i++;
      want = c === '{' ? 'name or }' : 'value or ]';
      continue;
    }
    let end: number | Fault | undefined;
    if (c === '"') end = stringEnd(text, i);
    else if (c === '-' || (c >= '0' && c <= '9')) {
      jsonNumber.lastIndex = i;
      const number = jsonNumber.exec(text);
      end = number ? i + number[0].length : { offset: i, reason: 'a number must have digits after its minus sign' };
    } else {
      const word = literals.find((w) => text.startsWith(w, i));
      end = word ? i + word.length : { offset: i, reason: 'a value was expected: text in double quotes, a number, true, false, null, { or [' };
    }
    if (typeof end !== 'number') return end;
    i = end;
    want = 'next';
  }
}

/**
 * The value of a JSON text (a leading byte-order mark, as some editors write, is allowed). A
 * syntax error becomes the error `refuse` makes from where it is (` at line 4, column 18`) and
 * what is wrong (`a field name in double quotes was expected, found '}'`).
 */
export function parseJson(text: string, refuse: (where: string, reason: string) => Error): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // The reading below follows RFC 8259, as JSON.parse does; should they ever differ, V8's words.
    throw refused(body, firstFault(body) ?? { offset: -1, reason: printable(error.message) }, refuse);
  }
  // Read again for what JSON.parse lets through: a field given twice.
  const twice = firstFault(body);
  if (twice) throw refused(body, twice, refuse);
  return value;
}

function refused(body: string, fault: Fault, refuse: (where: string, reason: string) => Error): Error {
  if (fault.offset < 0) return refuse('', fault.reason);
  const found = body.codePointAt(fault.offset);
  const shown = found === undefined || fault.named ? '' : `, found '${printable(String.fromCodePoint(found))}'`;
  return refuse(` at ${lineAndColumn(body, fault.offset)}`, `${fault.reason}${shown}`);
}
