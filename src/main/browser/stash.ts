/**
 * Files the browser mode keeps in memory for the page to fetch (handouts to open in a tab,
 * statistics exports to download): each under a random name for a limited time, bounded in
 * number and in bytes with the oldest dropped first, and never written to disk. The name is
 * unguessable, and the routes still ask for the token.
 */
import { randomBytes } from 'node:crypto';

export interface StashOptions {
  /** The route the files are served under, with both slashes: `/handouts/`. */
  prefix: string;
  /** The extensions a file may have, each with the content type it is served as. */
  contentTypes: Readonly<Record<string, string>>;
  /** How long a kept file can be fetched, again and again. */
  lifetimeMs: number;
  /** At most this many files are kept. */
  maxKept: number;
  /** At most this many bytes are kept, the newest file always (it was just made). */
  maxBytes: number;
  now?: () => number;
}

interface Kept {
  bytes: Buffer;
  fileName: string;
  extension: string;
  expires: number;
}

export type StashLookup = { kind: 'found'; bytes: Buffer; fileName: string; contentType: string } | { kind: 'missing' } | { kind: 'refused' };

/** 24 random bytes: 32 url-safe characters. */
const idPattern = '[A-Za-z0-9_-]{32}';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A name safe to put in a header and on a disk: letters, digits and dashes, never empty. */
function safeBaseName(name: string, fallback: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 80) || fallback;
}

export class FileStash {
  private readonly kept = new Map<string, Kept>();
  private readonly path: RegExp;
  private readonly now: () => number;

  constructor(private readonly options: StashOptions) {
    const extensions = Object.keys(options.contentTypes).map(escapeRegExp).join('|');
    this.path = new RegExp(`^${escapeRegExp(options.prefix)}(${idPattern})\\.(${extensions})$`);
    this.now = options.now ?? Date.now;
  }

  get prefix(): string {
    return this.options.prefix;
  }

  /** Keeps the bytes as `<baseName>.<extension>` (the base name made safe); returns their path. */
  keep(bytes: Buffer, baseName: string, extension: string, fallbackName: string): string {
    if (!Object.hasOwn(this.options.contentTypes, extension)) throw new Error(`This stash does not keep .${extension} files.`);
    this.prune();
    const id = randomBytes(24).toString('base64url');
    this.kept.set(id, { bytes, fileName: `${safeBaseName(baseName, fallbackName)}.${extension}`, extension, expires: this.now() + this.options.lifetimeMs });
    let total = 0;
    for (const kept of this.kept.values()) total += kept.bytes.length;
    while (this.kept.size > 1 && (this.kept.size > this.options.maxKept || total > this.options.maxBytes)) {
      const [oldest, kept] = this.kept.entries().next().value!;
      total -= kept.bytes.length;
      this.kept.delete(oldest);
    }
    return `${this.options.prefix}${id}.${extension}`;
  }

  /** The file a request path (before `?`, still encoded) names; any other shape is refused. */
  lookup(rawPath: string): StashLookup {
    const match = this.path.exec(rawPath);
    if (!match) return { kind: 'refused' };
    this.prune();
    const kept = this.kept.get(match[1]!);
    if (!kept || kept.extension !== match[2]) return { kind: 'missing' };
    return { kind: 'found', bytes: kept.bytes, fileName: kept.fileName, contentType: this.options.contentTypes[kept.extension]! };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, kept] of this.kept) if (kept.expires <= now) this.kept.delete(id);
  }
}
