/**
 * A password from standard input: piped (`printf '%s' "$PASSWORD" | … --password-stdin`, one
 * final line break dropped), or typed at a terminal without echo. It is never printed, not
 * even in a refusal.
 */
import { maxPasswordLength } from '@shared/users';
import { UsageError } from './support';

/** Far more than any password: a file sent by mistake is refused before it is read whole. */
const maxBytes = maxPasswordLength * 4 + 2;

async function piped(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new UsageError(`The password on standard input is longer than ${maxPasswordLength} characters. Send the password alone.`);
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UsageError('The password on standard input is not UTF-8 text.');
  }
  return text.replace(/\r?\n$/, '');
}

/** Typed at a terminal: characters are taken one by one and nothing is echoed. */
function typed(): Promise<string> {
  const input = process.stdin;
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let password = '';
    const finish = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n' || key === '\u0004') return finish(null);
        if (key === '\u0003') return finish(new UsageError('Cancelled: nothing was changed.'));
        if (key === '\u007f' || key === '\b') password = [...password].slice(0, -1).join('');
        else if (key >= ' ') password += key;
      }
    };
    input.on('data', onData);
  });
}

export const readPassword = (): Promise<string> => (process.stdin.isTTY ? typed() : piped());
