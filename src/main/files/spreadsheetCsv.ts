/**
 * CSV that a spreadsheet opens as data, never as something it runs: the options every CSV
 * writer of the app gives csv-stringify.
 */

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula, and skips leading spaces,
 * tabs, line breaks and NUL before it looks (LibreOffice, Excel): such a text cell gets a
 * leading apostrophe, as OWASP advises. Numbers are never text here, so -3 stays a number.
 */
export const inert = (text: string): string => (/^[\s\0]*[=+\-@\t\r\n\0]/.test(text) ? `'${text}` : text);

// A field with a line break is quoted (csv-stringify does so by itself, checked by the tests),
// and one with a leading or trailing space, which some readers trim.
const quoted_match = /^\s|\s$|[\r\n]/;

/** RFC 4180 (CRLF between records), every text cell made inert. */
export const csvOptions = { record_delimiter: 'windows', quoted_match, cast: { string: inert } } as const;

/**
 * For a terminal: every text cell made inert and then shown by `escape` (control characters
 * written out, so that a name cannot clear the screen or start a fake line), one record a line.
 */
export const terminalCsvOptions = (escape: (text: string) => string) =>
  ({ record_delimiter: 'unix', quoted_match, cast: { string: (text: string) => escape(inert(text)) } }) as const;
