/**
 * Accessibility checks run on every screen: axe-core finds no serious or critical violation,
 * every form control has an accessible name, and Tab alone reaches every interactive
 * element. (The page code below runs in the browser; this project's Node tsconfig has no
 * DOM library, so elements there are untyped.)
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Waits until nothing on the page is fading (half-faded text fails contrast): every animation
 * finished, and none begun in the two frames after, as a notification shown after the last reply
 * begins its own. An animation cancelled meanwhile (its element gone) has nothing left to fade.
 */
async function settled(page: Page): Promise<void> {
  await page.locator('body').evaluate(async (body) => {
    type Fading = { playState: string; finished: Promise<unknown> };
    const doc = body.ownerDocument;
    const fading = () => (doc.getAnimations() as Fading[]).filter((a) => a.playState === 'running' || a.playState === 'pending');
    const twoFrames = () => new Promise((resolve) => doc.defaultView.requestAnimationFrame(() => doc.defaultView.requestAnimationFrame(resolve)));
    for (;;) {
      let left = fading();
      if (left.length === 0) {
        await twoFrames();
        left = fading();
        if (left.length === 0) return;
      }
      await Promise.all(left.map((a) => a.finished.catch(() => undefined)));
    }
  });
}

export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  await settled(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${[...n.any, ...n.all, ...n.none][0]?.message ?? ''}`).join('\n')}`,
    );
  expect(serious, serious.join('\n')).toEqual([]);
}

export async function expectEveryControlLabelled(page: Page): Promise<void> {
  const controls = page.locator('input:not([type=hidden]), select, textarea');
  const count = await controls.count();
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    await expect(control, `form control ${i} (${await control.evaluate((el) => el.outerHTML.slice(0, 160))})`).toHaveAccessibleName(/\S/);
  }
}

const interactive =
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [role=button], [role=link], [role=tab], [role=checkbox], [contenteditable=true]';

/**
 * Presses Tab until every interactive element has had the focus once (a radio group is one
 * stop, and elements kept out of the order on purpose with tabindex=-1, such as inactive
 * tabs, are reached with arrow keys instead). Fails naming the ones never reached.
 */
export async function expectAllReachableByTab(page: Page): Promise<void> {
  const total = await page.locator(interactive).evaluateAll((elements) => {
    let n = 0;
    const groups = new Set<string>();
    for (const el of elements) {
      el.removeAttribute('data-tab-stop');
      const style = el.ownerDocument.defaultView.getComputedStyle(el);
      const shown = el.getClientRects().length > 0 && style.visibility !== 'hidden';
      if (!shown || el.disabled || el.tabIndex < 0 || el.closest('[inert], [aria-hidden=true]')) continue;
      if (el.type === 'radio') {
        if (groups.has(el.name)) continue;
        groups.add(el.name);
        el.ownerDocument
          .querySelectorAll(`input[type=radio][name="${el.name}"]`)
          .forEach((r: { setAttribute(n: string, v: string): void }) => r.setAttribute('data-tab-stop', String(n)));
      } else {
        el.setAttribute('data-tab-stop', String(n));
      }
      n++;
    }
    return n;
  });
  const unreached = new Set(Array.from({ length: total }, (_, i) => String(i)));
  // Start from the top of the document, as a keyboard user arriving on the page would.
  await page.locator('body').evaluate((body) => {
    body.ownerDocument.activeElement?.blur?.();
  });
  for (let presses = 0; presses < total * 3 + 10 && unreached.size > 0; presses++) {
    await page.keyboard.press('Tab');
    const stop = await page.locator(':focus').evaluateAll((els) => els[0]?.getAttribute('data-tab-stop') ?? null);
    if (stop !== null) unreached.delete(stop);
  }
  const missed = await page
    .locator('[data-tab-stop]')
    .evaluateAll((els, ids) => els.filter((el) => ids.includes(el.getAttribute('data-tab-stop'))).map((el) => el.outerHTML.slice(0, 160)), [...unreached]);
  expect(missed, `not reachable with Tab:\n${missed.join('\n')}`).toEqual([]);
}

/** All three checks, for one screen as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  await expectNoSeriousAxeViolations(page);
  await expectEveryControlLabelled(page);
  await expectAllReachableByTab(page);
}
