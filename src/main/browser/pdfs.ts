/**
 * The browser mode's handouts waiting to be opened: a PDF is kept in memory under a random
 * name for a few minutes, long enough for the new tab to fetch it (and reload it), and never
 * written to disk. The name is unguessable, and the route still asks for the token.
 */
import { randomBytes } from 'node:crypto';
import type { ShownPdf } from '../../shared/printing';
import type { PdfShell } from '../print/shell';

/** How long an opened handout can be fetched again. */
export const pdfLifetimeMs = 10 * 60 * 1000;
/** Bounds the memory a burst of batches can take; the oldest go first. */
const maxKept = 50;

/** `/handouts/<32 url-safe characters>.pdf`, nothing else. */
const pdfPath = /^\/handouts\/([A-Za-z0-9_-]{32})\.pdf$/;
export const pdfRoutePrefix = '/handouts/';

interface Kept {
  bytes: Buffer;
  fileName: string;
  expires: number;
}

export type PdfLookup = { kind: 'found'; bytes: Buffer; fileName: string } | { kind: 'missing' } | { kind: 'refused' };

export class PdfStash implements PdfShell {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly now: () => number = Date.now) {}

  async showPdf(bytes: Buffer, title: string): Promise<ShownPdf> {
    this.prune();
    const id = randomBytes(24).toString('base64url');
    const fileName = `${title.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 80) || 'aftercare'}.pdf`;
    this.kept.set(id, { bytes, fileName, expires: this.now() + pdfLifetimeMs });
    while (this.kept.size > maxKept) this.kept.delete(this.kept.keys().next().value!);
    return { url: `${pdfRoutePrefix}${id}.pdf` };
  }

  /** The PDF a request path (before `?`, still encoded) names; any other shape is refused. */
  lookup(rawPath: string): PdfLookup {
    const match = pdfPath.exec(rawPath);
    if (!match) return { kind: 'refused' };
    this.prune();
    const kept = this.kept.get(match[1]!);
    return kept ? { kind: 'found', bytes: kept.bytes, fileName: kept.fileName } : { kind: 'missing' };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, kept] of this.kept) if (kept.expires <= now) this.kept.delete(id);
  }
}
