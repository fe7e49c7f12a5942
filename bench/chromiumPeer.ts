/**
 * The peer a handout is measured against: warm Chromium (Debian's, through playwright-core)
 * printing the same handout rendered as HTML (bench/handoutHtml.ts) with `page.pdf`. The
 * browser, its page and the fonts are loaded before timing, as a print service would keep
 * them; each sample sets the handout's HTML and prints it. Skipped, with one line saying so,
 * when no Chromium is found.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fontPath, type Script, type Weight } from '../src/main/handouts/fonts';
import type { HandoutDocument } from '../src/main/handouts/model';
import { handoutHtml } from './handoutHtml';
import { measureAsync, type Case } from './measure';

const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Serves the handout fonts at their URLs from memory, cacheable so the warm browser keeps them. */
async function serveFonts(page: Page): Promise<void> {
  await page.route('http://handout.local/font/*', async (route) => {
    const [script, weight] = /([a-z]+)-([a-z]+)\.ttf$/u.exec(route.request().url())!.slice(1) as [Script, Weight];
    await route.fulfill({ status: 200, contentType: 'font/ttf', headers: { 'cache-control': 'max-age=86400' }, body: readFileSync(fontPath(script, weight)) });
  });
}

async function print(page: Page, doc: HandoutDocument): Promise<Buffer> {
  await page.setContent(handoutHtml(doc), { waitUntil: 'load' });
  // Printing starts once the page's fonts are in (a string: bench code has no DOM types).
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  // The page's size and margins come from its @page rule.
  return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true });
}

/** A warm Chromium printing handouts, or null (with the reason printed) when there is none to run. */
export async function startPeer(): Promise<{ print: (doc: HandoutDocument) => Promise<Buffer>; close: () => Promise<void> } | null> {
  if (!existsSync(executable)) {
    console.error(`handout_chromium_peer: skipped, no Chromium at ${executable} (set CHROMIUM_PATH)`);
    return null;
  }
  const browser: Browser = await chromium.launch({ executablePath: executable, args: flags });
  const page = await browser.newPage();
  await serveFonts(page);
  return { print: (doc) => print(page, doc), close: () => browser.close() };
}

/** The peer's case over the same handouts, or null when there is no Chromium. */
export async function benchChromiumPeer(docs: HandoutDocument[], samples: number): Promise<Case | null> {
  const peer = await startPeer();
  if (!peer) return null;
  try {
    return await measureAsync((i) => peer.print(docs[i % docs.length]!), samples);
  } finally {
    await peer.close();
  }
}
