/**
 * What a text field may hold. A name or a note is text a person typed: never a control
 * character (an escape sequence clears a terminal, a NUL cuts a C string, a line break splits
 * a CSV row), never a text-direction override or isolate (U+202E shows "Anna Smith" with the
 * date of birth and MRN beside it reversed, so the wrong patient's details can be read), never
 * half of a surrogate pair or a noncharacter (no encoding can write them). Tab and line breaks
 * belong to multi-line fields only. Ordinary right-to-left names (Arabic, Hebrew) need none of
 * these characters: the screens isolate each name with `<bdi>` instead.
 */

/** How a field's text is laid out: one line (names, codes, phones) or several (notes, reasons, an address). */
export type TextLayout = 'line' | 'lines';

const lineBreak = /\r\n?|[\u2028\u2029]/g;

/** A multi-line text with every CR LF, lone CR and Unicode line or paragraph separator made a plain LF. */
export const unifyLineBreaks = (value: string): string => value.replace(lineBreak, '\n');

const isLineBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const isControl = (c: number) => c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
const isDirectionMark = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
// Lone surrogates (a pair is one code point here) and the noncharacters U+FDD0-FDEF and U+xFFFE/xFFFF.
const isNotText = (c: number) => (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe;

/**
 * Every character `textProblem` may refuse, and some it allows (tab and LF, which only a single
 * line refuses; any surrogate, a pair included; every U+FFFE and U+FFFF): text without any is
 * judged by one scan, compiled to machine code, rather than a loop over its characters.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const maybeRefused = /[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why a text may not be stored, as the start of a field message (`must not contain control
 * characters or text-direction marks (found U+202E at character 11)`), or null when it may.
 * Characters are counted from 1 as a person counts them (a pair of surrogates is one).
 */
export function textProblem(value: string, layout: TextLayout): string | null {
  if (!maybeRefused.test(value)) return null;
  let position = 0;
  // Where a refused character is, worded only once one is found: every text field of every call passes here.
  const found = (c: number) => `${hex(c)} at character ${position}`;
  for (const char of value) {
    position += 1;
    const c = char.codePointAt(0) ?? 0;
    if (layout === 'lines' && (c === 0x09 || c === 0x0a)) continue;
    if (layout === 'line' && isLineBreak(c)) return `must be one line (found the line break ${found(c)})`;
    if (isControl(c) || isDirectionMark(c)) return `must not contain control characters or text-direction marks (found ${found(c)})`;
    if (isNotText(c)) return `must not contain characters that are not text (found ${found(c)})`;
  }
  return null;
}
