/**
 * The clinic day, measured: the ordinary visit (from the patient search box: find the
 * patient, open a new visit, two face-map presentations with their counts, one extraction
 * under topical anaesthesia with consent, the proposed follow-up, save) with the mouse and
 * from the keyboard alone, and the visit with two treated sites with the mouse.
 *
 * How actions are counted, the same before and after any change to the screens:
 * - mouse: every click, every box filled (a whole entry is one action: one intention) and
 *   every choice in a list is one action; a box the screen ticked already costs nothing;
 * - keyboard: every key press is one, Tab, Shift+Tab, arrows and Enter included, a chord
 *   (Ctrl+S) is one, and typed text costs one press per character, the search text and the
 *   counts too. Moving the focus with Tab counts every press it takes from where the focus is.
 *
 * Before issue 13 (commit 595acdb, measured by the first version of these tests): the ordinary
 * visit took 11 mouse actions and 79 key presses (Tab ×15 from the chart's "New visit" to the
 * first face region, ×18 back to the second, ×24 back to "Treat by"); two treated sites took 14
 * mouse actions. After: 10 mouse actions (a new visit straight from the search, the visit's
 * procedure defaults), 11 for two sites ("Treat all sites by …"), 30 key presses (Shift+Enter
 * from the search, A and typed site initials, "Treat by" one Tab after the count).
 */
import type { Locator, Page } from '@playwright/test';
import { isoDaysFromToday } from './support/dates';
import { expect, setupActor, test, type App } from './support/fixtures';

/** Mouse actions. */
class Mouse {
  readonly log: string[] = [];
  constructor(private readonly page: Page) {}
  async click(target: Locator): Promise<void> {
    this.log.push(`click ${target}`);
    await target.click();
  }
  async fill(target: Locator, text: string): Promise<void> {
    this.log.push(`fill "${text}" into ${target}`);
    await target.fill(text);
  }
  async choose(target: Locator, label: string): Promise<void> {
    this.log.push(`choose "${label}" in ${target}`);
    await target.selectOption({ label });
  }
  /** Ticks a box; one the screen ticked already costs nothing. */
  async check(target: Locator): Promise<void> {
    if (await target.isChecked()) return;
    this.log.push(`check ${target}`);
    await target.click();
  }
  get count(): number {
    return this.log.length;
  }
  /** The page is used by some steps' expectations. */
  get on(): Page {
    return this.page;
  }
}

/** Key presses. */
class Keys {
  readonly log: string[] = [];
  private presses = 0;
  constructor(private readonly page: Page) {}
  async press(key: string): Promise<void> {
    this.presses++;
    this.log.push(key);
    await this.page.keyboard.press(key);
  }
  /** One press per character. */
  async type(text: string): Promise<void> {
    this.presses += text.length;
    this.log.push(`"${text}"`);
    await this.page.keyboard.type(text);
  }
  /** Tab (or Shift+Tab) until `target` has the focus, every press counted; fails after `max`. */
  async tabTo(target: Locator, { back = false, max = 120 } = {}): Promise<void> {
    const key = back ? 'Shift+Tab' : 'Tab';
    let n = 0;
    while (!(await target.evaluate((el) => el === el.ownerDocument.activeElement))) {
      if (++n > max) throw new Error(`${max} × ${key} did not reach ${target}`);
      this.presses++;
      await this.page.keyboard.press(key);
    }
    if (n > 0) this.log.push(`${key} ×${n}`);
  }
  get count(): number {
    return this.presses;
  }
}

const faceRegion = (page: Page, name: string) => page.getByRole('group', { name: 'Face map' }).getByRole('button', { name, exact: true });
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

/** The patient of every measured visit, with a namesake-ish second patient so that the search has to choose. */
async function arrange(app: App) {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });
  await app.services.patients.create(setupActor, { givenName: 'Margit', familyName: 'Lund', dateOfBirth: '1970-02-02', sex: 'female' });
  return patient;
}

/** What was saved: the two presentations, the treatments and the follow-up. */
async function expectOrdinaryVisit(app: App, patientId: number, treated: number) {
  const visits = (await app.services.chart.get(setupActor, { id: patientId })).visits;
  expect(visits).toHaveLength(1);
  const visit = visits[0]!;
  expect(visit.presentations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ site: 'lower_eyelid', side: 'left', count: 6 }),
      expect.objectContaining({ site: 'upper_eyelid', side: 'left', count: 3 }),
    ]),
  );
  expect(visit.presentations).toHaveLength(2);
  expect(visit.treatments).toHaveLength(treated);
  expect(visit.treatments[0]).toMatchObject({
    kind: 'extraction',
    site: 'lower_eyelid',
    side: 'left',
    lesionsTreated: 6,
    anesthesia: 'topical',
    consent: true,
  });
  if (treated === 2) {
    expect(visit.treatments[1]).toMatchObject({
      kind: 'extraction',
      site: 'upper_eyelid',
      side: 'left',
      lesionsTreated: 3,
      anesthesia: 'topical',
      consent: true,
    });
  }
  expect(visit.followUps).toEqual([expect.objectContaining({ dueDate: isoDaysFromToday(28), status: 'scheduled' })]);
}

function report(kind: string, count: number, log: readonly string[]) {
  test.info().annotations.push({ type: kind, description: `${count}: ${log.join('; ')}` });
  console.log(`${kind}: ${count}\n  ${log.join('\n  ')}`);
}

/** The mouse part of a visit up to its treatments: search, open, new visit, the two presentations. */
async function presentationsWithTheMouse(user: Mouse, patientId: number) {
  const page = user.on;
  await user.fill(page.getByLabel('Search patients'), 'dubois');
  // Straight from the one patient found to a new visit.
  await user.click(page.getByRole('button', { name: 'New visit for DUBOIS, Marguerite' }));
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}/visits/new$`));
  await user.click(faceRegion(page, 'Lower eyelid, left'));
  await user.fill(card(page, 'Lower eyelid, left').getByLabel('Count'), '6');
  await user.click(faceRegion(page, 'Upper eyelid, left'));
  await user.fill(card(page, 'Upper eyelid, left').getByLabel('Count'), '3');
}

/** The visit's procedure defaults: topical anaesthesia, consent obtained. */
async function defaultsWithTheMouse(user: Mouse) {
  const page = user.on;
  await user.choose(page.getByLabel('Anaesthesia for new procedures'), 'Topical');
  await user.check(page.getByRole('checkbox', { name: "Consent obtained for today's procedures" }));
}

async function saveWithTheMouse(user: Mouse, patientId: number) {
  const page = user.on;
  await user.check(page.getByRole('checkbox', { name: 'Schedule a follow-up' }));
  await expect(page.getByLabel('Follow-up due')).toHaveValue(isoDaysFromToday(28));
  await user.click(page.getByRole('button', { name: 'Save visit' }));
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}$`));
}

test('the ordinary visit with the mouse', async ({ page, app }) => {
  const patient = await arrange(app);
  await app.open('/patients');
  const user = new Mouse(page);
  await presentationsWithTheMouse(user, patient.id);
  await defaultsWithTheMouse(user);
  await user.click(card(page, 'Lower eyelid, left').getByRole('button', { name: 'Treat by De-roofing and expression' }));
  await saveWithTheMouse(user, patient.id);
  await expectOrdinaryVisit(app, patient.id, 1);
  report('mouse actions, ordinary visit', user.count, user.log);
  expect(user.count, user.log.join('\n')).toBeLessThanOrEqual(10);
});

test('the visit with two treated sites with the mouse', async ({ page, app }) => {
  const patient = await arrange(app);
  await app.open('/patients');
  const user = new Mouse(page);
  await presentationsWithTheMouse(user, patient.id);
  await defaultsWithTheMouse(user);
  await user.click(page.getByRole('button', { name: 'Treat all sites by …' }));
  await user.click(page.getByRole('menuitem', { name: 'De-roofing and expression' }));
  await saveWithTheMouse(user, patient.id);
  await expectOrdinaryVisit(app, patient.id, 2);
  report('mouse actions, two treated sites', user.count, user.log);
  expect(user.count, user.log.join('\n')).toBeLessThanOrEqual(12);
});

test('the ordinary visit from the keyboard alone', async ({ page, app }) => {
  const patient = await arrange(app);
  await app.open('/patients');
  const keys = new Keys(page);
  // The search box has the focus on arrival.
  await expect(page.getByLabel('Search patients')).toBeFocused();
  await keys.type('dubois');
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(1);
  // Shift+Enter: a new visit for the one patient found.
  await keys.press('Shift+Enter');
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}/visits/new$`));
  await expect(page.getByRole('heading', { level: 2, name: 'New visit' })).toBeFocused();

  // The sites by their initials: "lul" is the left upper lid, "lel" the left lower one.
  await keys.press('a');
  await expect(page.getByLabel('Type a site')).toBeFocused();
  await keys.type('lul');
  await keys.press('Enter');
  const upper = card(page, 'Upper eyelid, left');
  await expect(upper.getByLabel('Count')).toBeFocused();
  await keys.type('3');
  // Enter in a count: back to the site box for the next site.
  await keys.press('Enter');
  await expect(page.getByLabel('Type a site')).toBeFocused();
  await keys.type('lel');
  await keys.press('Enter');
  const lower = card(page, 'Lower eyelid, left');
  await expect(lower.getByLabel('Count')).toBeFocused();
  await keys.type('6');
  // "Treat by" is one Tab after the count.
  await keys.tabTo(lower.getByRole('button', { name: 'Treat by De-roofing and expression' }));
  await keys.press('Enter');
  const treatment = card(page, 'Treatment 1');
  // The questions still open, in the card's order: the anaesthesia (a letter picks the option that starts with it), then consent one Tab on.
  await expect(treatment.getByLabel('Anaesthesia')).toBeFocused();
  await keys.type('t');
  await expect(treatment.getByLabel('Anaesthesia')).toHaveValue('topical');
  await keys.press('Tab');
  await expect(treatment.getByRole('checkbox', { name: 'Consent obtained' })).toBeFocused();
  await keys.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Schedule a follow-up' })).toBeChecked();
  await expect(page.getByLabel('Follow-up due')).toHaveValue(isoDaysFromToday(28));
  await keys.press('Control+S');
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
  await expectOrdinaryVisit(app, patient.id, 1);
  report('key presses, ordinary visit', keys.count, keys.log);
  expect(keys.count, keys.log.join(' ')).toBeLessThanOrEqual(25);
});

test('the red-flag visit: the flag opens its disclosure, the decision is recorded and the chart says so', async ({ page, app }) => {
  const patient = await arrange(app);
  await app.open(`/patients/${patient.id}`);
  const user = new Mouse(page);
  await user.click(page.getByRole('link', { name: 'New visit' }));
  await user.click(faceRegion(page, 'Cheek, right'));
  const cheek = card(page, 'Cheek, right');
  await user.fill(cheek.getByLabel('Count'), '1');
  await user.click(cheek.getByRole('button', { name: /Red flags and differentials/ }));
  await user.check(cheek.getByRole('checkbox', { name: 'Lesion is growing' }));
  await user.choose(cheek.getByLabel('Decision', { exact: true }), 'Referral');
  await user.click(page.getByRole('button', { name: 'Save visit' }));
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
  const saved = page.getByRole('article').first();
  await expect(saved).toBeFocused();
  await expect(saved).toContainText('Red flag');
  await expect(saved).toContainText('Lesion is growing');
  await expect(saved).toContainText('Referral');
  const visit = (await app.services.chart.get(setupActor, { id: patient.id })).visits[0]!;
  expect(visit.presentations).toEqual([expect.objectContaining({ site: 'cheek', side: 'right', count: 1, redFlags: ['growth'], decision: 'referral' })]);
  expect(visit.pendingReview).toBe(0);
  report('mouse actions, red-flag visit', user.count, user.log);
});
