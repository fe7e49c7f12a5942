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
