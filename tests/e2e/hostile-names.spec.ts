/**
 * Names are shown as names: a right-to-left name (Arabic, Hebrew) is isolated in its own
 * `<bdi>`, so the date of birth and MRN beside it keep their order; and a name holding a
 * control character or a text-direction override is refused at its field, as the service
 * refuses it.
 */
import type { Locator, Page } from '@playwright/test';
import { shownDate } from './support/dates';
import { expect, screenshot, setupActor, test } from './support/fixtures';

// NodeFilter.SHOW_TEXT (the tests' typecheck has no DOM globals).
const showText = 4;

/** The texts of the `<bdi>` elements inside, in document order. */
const bdiTexts = (where: Locator): Promise<string[]> => where.evaluate((el) => [...el.querySelectorAll('bdi')].map((b) => b.textContent ?? ''));

/**
 * Every right-to-left letter inside the element sits in a `<bdi>`: none is loose in the text
 * around it, where it could carry a neighbouring date or number into its own direction.
 */
const looseRightToLeft = (where: Locator): Promise<string[]> =>
  where.evaluate((el, showText) => {
    const loose: string[] = [];
    const walker = el.ownerDocument.createTreeWalker(el, showText);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(node.textContent ?? '') && !node.parentElement?.closest('bdi')) loose.push(node.textContent ?? '');
    }
    return loose;
  }, showText);

/** Where a text is drawn: the left edge of the first text node holding it. */
const leftOf = (where: Locator, text: string): Promise<number> =>
  where.evaluate(
    (el, [wanted, showText]) => {
      const walker = el.ownerDocument.createTreeWalker(el, showText);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').indexOf(wanted);
        if (at < 0) continue;
        const range = el.ownerDocument.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        return range.getBoundingClientRect().left;
      }
      throw new Error(`"${wanted}" is not shown`);
    },
    [text, showText] as const,
  );

async function expectInOrder(where: Locator, texts: string[]): Promise<void> {
  const lefts = await Promise.all(texts.map((t) => leftOf(where, t)));
  expect(lefts, `${texts.join(' | ')} drawn left to right`).toEqual([...lefts].sort((a, b) => a - b));
}

const pasteInto = async (page: Page, field: Locator, text: string): Promise<void> => {
  await field.evaluate(async (el, t) => await el.ownerDocument.defaultView!.navigator.clipboard.writeText(t), text);
  await field.focus();
  await page.keyboard.press('Control+V');
};

test.describe('names in any script', () => {
  test('an Arabic name sits isolated beside its date of birth and MRN, in the search results, the chart header and the saved note', async ({ page, app }) => {
    const aisha = await app.services.patients.create(setupActor, { givenName: 'عائشة', familyName: 'الحسن', dateOfBirth: '1990-10-01', sex: 'female' });
    // A Hebrew family name with a Latin given name: each part keeps its place.
    await app.services.patients.create(setupActor, { givenName: 'Sarah', familyName: 'כהן', dateOfBirth: '1985-02-03', sex: 'female' });

    await app.open('/patients');
    await page.getByLabel('Search patients').fill('الحسن');
    const option = page.getByRole('listbox', { name: 'Patients found' }).getByRole('option');
    await expect(option).toHaveCount(1);
    expect(await bdiTexts(option)).toEqual(['الحسن', 'عائشة']);
    expect(await looseRightToLeft(option)).toEqual([]);
    await expect(option.getByText(aisha.mrn, { exact: true })).toBeVisible();
    await expectInOrder(option, ['الحسن', 'عائشة', shownDate('1990-10-01'), aisha.mrn]);

    await option.click();
    const banner = page.getByRole('region', { name: 'Patient' });
    const name = banner.getByTestId('patient-name');
    await expect(name).toHaveText('الحسن, عائشة');
    expect(await bdiTexts(name)).toEqual(['الحسن', 'عائشة']);
    expect(await looseRightToLeft(banner)).toEqual([]);
    // The MRN is its own text, exactly as stored, after the date of birth.
    await expect(banner.getByText(aisha.mrn, { exact: true })).toHaveText(aisha.mrn);
    await expectInOrder(banner, ['الحسن', 'عائشة', shownDate('1990-10-01'), aisha.mrn]);
    // A title cannot hold a <bdi>: a left-to-right mark keeps "name · Milia Notes" in order.
    await expect(page).toHaveTitle('\u200eالحسن, عائشة · Milia Notes');
    await screenshot(page, 'hostile-names-arabic-chart');

    await app.open('/patients');
    await page.getByLabel('Search patients').fill('sarah');
    const sarah = page.getByRole('listbox', { name: 'Patients found' }).getByRole('option');
    await expect(sarah).toHaveCount(1);
    expect(await bdiTexts(sarah)).toEqual(['כהן', 'Sarah']);
    // Family name first, as for every patient: the Hebrew part does not swap places with the Latin one.
    await expectInOrder(sarah, ['כהן', 'Sarah', shownDate('1985-02-03')]);

    await app.open('/patients/new');
    await page.getByLabel('Given name').fill('שרה');
    await page.getByLabel('Family name').fill('לוי');
    await page.getByLabel('Date of birth').fill('2001-04-05');
    await page.getByLabel('Sex').selectOption({ label: 'Female' });
    await page.getByRole('button', { name: 'Save patient' }).click();
    const saved = page.getByRole('alert').filter({ hasText: 'Patient saved' });
    await expect(saved).toBeVisible();
    const mrn = (await app.services.patients.search(setupActor, { query: 'לוי' }))[0]!.mrn;
    await expect(saved).toContainText(`לוי, שרה, MRN ${mrn}`);
    expect(await bdiTexts(saved)).toEqual(['לוי', 'שרה']);
    expect(await looseRightToLeft(saved)).toEqual([]);
    await expectInOrder(saved, ['לוי', 'שרה', mrn]);
    await screenshot(page, 'hostile-names-hebrew-saved');
  });

  test('a right-to-left override or an escape pasted into a name is refused at its field, and nothing is saved', async ({ page, app, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const count = () => (app.services.store.sqlite.prepare('select count(*) as n from patients').get() as { n: number }).n;
    await app.open('/patients/new');
    const given = page.getByLabel('Given name');
    const family = page.getByLabel('Family name');
    await pasteInto(page, given, 'Anna Smith\u202e10-01-0991');
    await expect(given).toHaveValue('Anna Smith\u202e10-01-0991');
    await pasteInto(page, family, '\u001b[2JSmith');
    await page.getByLabel('Date of birth').fill('1990-10-01');
    await page.getByLabel('Sex').selectOption({ label: 'Female' });
    await page.getByRole('button', { name: 'Save patient' }).click();

    await expect(given).toHaveAttribute('aria-invalid', 'true');
    await expect(given).toHaveAccessibleDescription(
      'Given name must not contain control characters or text-direction marks (found U+202E at character 11); retype the name',
    );
    await expect(family).toHaveAccessibleDescription(
      'Family name must not contain control characters or text-direction marks (found U+001B at character 1); retype the name',
    );
    await screenshot(page, 'hostile-names-refused');
    expect(count()).toBe(0);

    // Retyped without them, the same patient is saved.
    await given.fill('Anna');
    await family.fill('Smith');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await expect(page.getByRole('region', { name: 'Patient' }).getByTestId('patient-name')).toHaveText('SMITH, Anna');
    expect(count()).toBe(1);
  });
});
