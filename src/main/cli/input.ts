/**
 * Text a person gives the command line (an import file, a call's input): read as a stream
 * that stops at a size limit, so that an endless input (the zero device, a pipe that never
 * ends) costs at most the limit in memory; a regular file larger than the limit is refused
 * before it is read. It must be UTF-8: other encodings are refused, never repaired.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { checkInputPath } from './paths';
import { UsageError } from './usage';

export interface InputLimit {
  bytes: number;
  /** The limit as the sentence says it: `256 MB (the --max-size limit)`. */
  said: string;
  /** What to do about it: `raise the limit with --max-size`. */
  remedy: string;
}

/** Where the first byte that is not UTF-8 is, as `byte 1,234 (line 5)`. */
function firstInvalidByte(bytes: Buffer): string {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    // The length of the sequence this byte starts, and the range of its second byte (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
    const [length, low, high] =
      b < 0x80
        ? [1, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [2, 0x80, 0xbf]
          : b === 0xe0
            ? [3, 0xa0, 0xbf]
            : b === 0xed
              ? [3, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [3, 0x80, 0xbf]
                : b === 0xf0
                  ? [4, 0x90, 0xbf]
                  : b >= 0xf1 && b <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : b === 0xf4
                      ? [4, 0x80, 0x8f]
                      : [0, 0, 0];
    const second = bytes[i + 1];
    const valid =
      length === 1 ||
      (length > 1 &&
        second !== undefined &&
        second >= low &&
        second <= high &&
        [...bytes.subarray(i + 2, i + length)].every((c) => c >= 0x80 && c <= 0xbf) &&
        i + length <= bytes.length);
    if (!valid) break;
    i += length;
  }
  let line = 1;
  for (let j = 0; j < i; j++) if (bytes[j] === 0x0a) line++;
  return `byte ${(i + 1).toLocaleString('en-GB')} (line ${line})`;
}

/** The bytes as text; UTF-16 (by its byte-order mark) and anything else that is not UTF-8 refused with `what` named. */
export function utf8Text(bytes: Buffer, what: string, again: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UsageError(`${what} is UTF-16 text, not UTF-8. Save it as UTF-8 and ${again}; nothing was done.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(
      `${what} is not UTF-8 text: ${firstInvalidByte(bytes)} is not UTF-8 (it may be Latin-1 or Windows-1252). Save it as UTF-8 and ${again}; nothing was done.`,
    );
  }
}

/** The bytes of a stream, stopping (and refusing) once they pass the limit. */
async function boundedBytes(stream: Readable, what: string, limit: InputLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit.bytes)
        throw new UsageError(`${what} is larger than ${limit.said}, so it was not read to the end. Check that it is the input you meant, or ${limit.remedy}.`);
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * The text of `path` (`-`: standard input), judged by `checkInputPath` first. `what` names
 * it in a sentence; `again` says what to do once it is fixed (`import it again`).
 */
export async function readInputText(
  path: string,
  { what, option, again, limit }: { what: string; option: string; again: string; limit: InputLimit },
): Promise<string> {
  if (path !== '-') {
    const stats = checkInputPath(path, { option, streams: true });
    // A file's size is known: refused before a byte of it is read.
    if (stats.isFile() && stats.size > limit.bytes) {
      throw new UsageError(
        `${what} is larger than ${limit.said} (${Math.ceil(stats.size / 1024 / 1024)} MB). Check that it is the file you meant, or ${limit.remedy}.`,
      );
    }
  }
  const bytes = await boundedBytes(path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 }), what, limit);
  return utf8Text(bytes, what, again);
}
