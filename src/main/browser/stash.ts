/**
 * Files the browser mode keeps in memory for the page to fetch (handouts to open in a tab,
 * statistics and audit exports to download): each under a random name that is the only
 * credential its address carries (a new tab or a download link cannot send the token header,
 * and a token in the address would stay in the browser's history). So the address works
 * once, and only for a minute: the first GET takes the file and forgets it. Bounded in number
 * and in bytes with the oldest dropped first, and never written to disk.
 */
import { randomBytes } from 'node:crypto';

/**
 * How long a kept file waits for its one fetch. The page fetches it as soon as the API call
 * that made it answers, so a minute is plenty; an address found later (history, a copied
 * link) has nothing behind it.
 */
export const firstFetchWithinMs = 60 * 1000;

export interface StashOptions {
  /** The route the files are served under, with both slashes: `/handouts/`. */
  prefix: string;
  /** The extensions a file may have, each with the content type it is served as. */
  contentTypes: Readonly<Record<string, string>>;
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

/** 24 random bytes (192 bits): 32 url-safe characters. */
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
    this.kept.set(id, { bytes, fileName: `${safeBaseName(baseName, fallbackName)}.${extension}`, extension, expires: this.now() + firstFetchWithinMs });
    let total = 0;
    for (const kept of this.kept.values()) total += kept.bytes.length;
    while (this.kept.size > 1 && (this.kept.size > this.options.maxKept || total > this.options.maxBytes)) {
      const [oldest, kept] = this.kept.entries().next().value!;
      total -= kept.bytes.length;
      this.kept.delete(oldest);
    }
    return `${this.options.prefix}${id}.${extension}`;
  }

  /**
   * The file a request path (before `?`, still encoded) names, left in place: what a HEAD
   * request describes. Any other shape is refused.
   */
  lookup(rawPath: string): StashLookup {
    return this.find(rawPath, false);
  }

  /** The same, for a GET: the file is handed over once and forgotten. */
  take(rawPath: string): StashLookup {
    return this.find(rawPath, true);
  }

  private find(rawPath: string, consume: boolean): StashLookup {
    const match = this.path.exec(rawPath);
    if (!match) return { kind: 'refused' };
    this.prune();
    const kept = this.kept.get(match[1]!);
    if (!kept || kept.extension !== match[2]) return { kind: 'missing' };
    if (consume) this.kept.delete(match[1]!);
    return { kind: 'found', bytes: kept.bytes, fileName: kept.fileName, contentType: this.options.contentTypes[kept.extension]! };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, kept] of this.kept) if (kept.expires <= now) this.kept.delete(id);
  }
}
