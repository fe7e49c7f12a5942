/**
 * The handout's text layer (what is copied, searched and read aloud) in a process that has
 * printed before: fontkit keeps one object per glyph for the process, and a glyph first met as
 * a part of another (the period inside the middle dot "·") is kept without the character it
 * stands for. Its own file, so that the order of what is printed first is this test's own.
 */
import { describe, expect, it } from 'vitest';
import { composeHandout } from '../../src/main/handouts/content';
import { renderHandout } from '../../src/main/handouts/render';
import { adult, handoutSettings as settings, sampleHandout, visitOf } from '../support/handoutFixture';
import { pdfjsPages, pdfFile, poppler, squash } from '../support/pdfText';

const normal = { paperSize: 'A4', largePrint: false } as const;

describe('the handout text layer after earlier handouts', () => {
  it('reads a bold period as a period when an earlier handout printed it only inside a bold "·"', async () => {
    // Its footer sets "·" in bold, and nothing of it sets a bold period.
    await renderHandout(sampleHandout('Trần Đức'), normal);
    const bytes = await renderHandout(composeHandout({ patient: adult, visit: visitOf([['extraction', 'upper_eyelid', 'right', 3]]), settings }), normal);
    const numbers = 'Call Lindenhof Dermatology on 01632 960 123. After hours, call 01632 960 999.';
    const pages = await pdfjsPages(bytes);
    expect(pages.map((p) => p.text).join(' ')).toContain(numbers);
    expect(squash(poppler('pdftotext', pdfFile(bytes), '-'))).toContain(`${numbers} If you cannot reach us, go to eye casualty or A&E today.`);
  });
});
