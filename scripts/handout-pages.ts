/**
 * The page-count distribution of the handout corpus (tests/support/handoutCorpus.ts) in
 * normal and large print: `npm run handout-pages`. A last page is "nearly empty" when its
 * text fills less than a quarter of the page.
 */
import { fill, handoutCorpus, renderCorpus, strandedHeadings } from '../tests/support/handoutCorpus';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const cases = handoutCorpus();
  console.log(`${cases.length} handouts, each in normal and large print`);
  for (const largePrint of [false, true]) {
    const started = performance.now();
    const { handouts } = await renderCorpus(cases, largePrint);
    const counts = handouts.map((h) => h.pages.length);
    const nearlyEmpty = handouts.filter((h) => h.pages.length > 1 && fill(h.pages.at(-1)!) < 0.25).length;
    const histogram = new Map<number, number>();
    for (const c of counts) histogram.set(c, (histogram.get(c) ?? 0) + 1);
    console.log(`\n${largePrint ? 'Large' : 'Normal'} print (${((performance.now() - started) / 1000).toFixed(1)} s):`);
    console.log(`  median ${median(counts)} pages, max ${Math.max(...counts)}, total ${counts.reduce((a, b) => a + b, 0)} pages`);
    // Most visits have one treatment; the corpus draws many combinations, so both are shown.
    const of = (single: boolean) => handouts.filter((h) => (h.case.kinds.length === 1) === single).map((h) => h.pages.length);
    console.log(`  one treatment: median ${median(of(true))} (${of(true).length} handouts); two to four: median ${median(of(false))} (${of(false).length})`);
    console.log(`  nearly empty last pages: ${nearlyEmpty} of ${handouts.length}`);
    console.log(`  handouts with a stranded heading: ${handouts.filter((h) => strandedHeadings(h).length > 0).length}`);
    for (const [pages, n] of [...histogram.entries()].sort((a, b) => a[0] - b[0]))
      console.log(`  ${String(pages).padStart(2)} pages: ${String(n).padStart(4)} ${'#'.repeat(Math.ceil(n / 4))}`);
  }
}

void main();
