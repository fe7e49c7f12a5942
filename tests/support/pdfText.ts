/** Reading a rendered PDF back: pdfjs text items per page, and poppler's tools on a file. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { tempDir } from './store';

export interface PageText {
  text: string;
  /** Font size of each text item, from its transform. */
  sizes: number[];
  width: number;
  height: number;
}

export async function pdfjsPages(bytes: Buffer): Promise<PageText[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.filter((i) => 'str' in i);
    const [, , width, height] = page.view;
    pages.push({
      text: items.map((i) => i.str).join(''),
      sizes: items.filter((i) => i.str.trim()).map((i) => Math.hypot(i.transform[2]!, i.transform[3]!)),
      width: width!,
      height: height!,
    });
  }
  await pdf.destroy();
  return pages;
}

/** Writes the bytes to a temporary file for the command-line tools. */
export function pdfFile(bytes: Buffer): string {
  const file = join(tempDir(), 'handout.pdf');
  writeFileSync(file, bytes);
  return file;
}

export const poppler = (tool: string, ...args: string[]): string => execFileSync(tool, args, { encoding: 'utf8' });

export const squash = (text: string): string => text.replace(/\s+/gu, ' ').trim();
