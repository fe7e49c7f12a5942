/**
 * Help laid out for the terminal it is read in: wrapped at its width (80 columns when the
 * output is not a terminal), each wrapped line indented under the first, and neither an option
 * in brackets (`[--admin U [--name "N"]]`) nor a quoted path split across two lines.
 */
import wrapAnsi from 'wrap-ansi';

/** The terminal's width, kept between 60 and 120 columns; 80 when the help goes to a file or a pipe. */
export const helpWidth = (): number => (process.stdout.isTTY && process.stdout.columns ? Math.min(120, Math.max(60, process.stdout.columns)) : 80);

const noBreak = '\u00a0';

/** The text with the spaces inside brackets (nested too) and quotes made no-break: wrap-ansi breaks only at spaces. */
function keptTogether(text: string): string {
  let depth = 0;
  let quoted = false;
  return [...text]
    .map((c) => {
      if (c === '"') quoted = !quoted;
      else if (c === '[') depth++;
      else if (c === ']') depth = Math.max(0, depth - 1);
      return c === ' ' && (quoted || depth > 0) ? noBreak : c;
    })
    .join('');
}

/** `text` as lines of at most `width` columns: the first starting with `indent`, the rest with `hanging`. */
export function wrapped(text: string, width: number, indent: string, hanging = indent): string[] {
  const kept = keptTogether(text);
  const [first = '', ...rest] = wrapAnsi(kept, width - indent.length).split('\n');
  const more = rest.length === 0 ? [] : wrapAnsi(kept.slice(kept.indexOf(rest[0]!, first.length)), width - hanging.length).split('\n');
  return [indent + first, ...more.map((line) => hanging + line)].map((line) => line.replaceAll(noBreak, ' '));
}

/** A line of a command's help: a paragraph (a blank line when empty), or a term (an option, a sub-command) and what it means. */
export type HelpLine = string | readonly [term: string, text: string];

/** A term longer than this has its text on the lines beneath it instead of beside it. */
const longTerm = 24;

/** Where a long term's wrapped lines start: under its first option, after the words that name it (`user add `). */
const optionsColumn = (term: string): number => Math.max(4, term.search(/ [-[]/) + 1);

/** A command's help lines laid out: paragraphs wrapped, the texts of its short terms in one column beside them. */
export function helpLines(lines: readonly HelpLine[], width: number): string[] {
  const out: string[] = [];
  const shortTerms = lines.flatMap((line) => (typeof line !== 'string' && line[0].length <= longTerm ? [line[0].length] : []));
  const column = Math.max(0, ...shortTerms) + 2;
  for (const line of lines) {
    if (typeof line === 'string') {
      // A paragraph keeps its own indent (the list of calls).
      const indent = /^ */.exec(line)![0];
      out.push(...(line === '' ? [''] : wrapped(line.slice(indent.length), width, indent)));
    } else {
      const [term, text] = line;
      if (term.length <= longTerm) out.push(...wrapped(text, width, term.padEnd(column), ' '.repeat(column)));
      else out.push(...wrapped(term, width, '', ' '.repeat(optionsColumn(term))), ...wrapped(text, width, '    '));
    }
  }
  return out;
}
