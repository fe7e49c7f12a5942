/** Finding a patient: accents and hyphens do not matter, and the keyboard alone gets to the chart. */
import { expect, screenshot, setupActor, test } from './support/fixtures';

test('`zoe nguyen` finds Zoë Nguyễn-Ångström, and type, ArrowDown, Enter opens the first result', async ({ page, app }) => {
  const { patients } = app.services;
  const zoe = await patients.create(setupActor, { givenName: 'Zoë', familyName: 'Nguyễn-Ångström', dateOfBirth: '1987-03-14', sex: 'female' });
  const namesake = await patients.create(setupActor, { givenName: 'Zoe', familyName: 'Nguyen', dateOfBirth: '1990-06-01', sex: 'female' });
  await patients.create(setupActor, { givenName: 'Zora', familyName: 'Ngata', dateOfBirth: '1975-01-30', sex: 'female' });

  await app.open('/patients');
  const search = page.getByLabel('Search patients');
  // No mouse from here on: the box has the focus when the screen opens.
  await expect(search).toBeFocused();
  await page.keyboard.type('zoe nguyen');

  const found = page.getByRole('listbox', { name: 'Patients found' });
  const options = found.getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(found.getByRole('option', { name: /NGUYỄN-ÅNGSTRÖM, Zoë/ })).toBeVisible();
  await expect(found).not.toContainText('Zora');
  await expect(page.getByRole('status').filter({ hasText: '2 patients found' })).toBeVisible();
  await screenshot(page, 'patients-search');

  // The keyboard path: ArrowDown goes to the first result (not past it), so that
  // "type, ArrowDown, Enter" can never open the second patient's chart.
  await page.keyboard.press('ArrowDown');
  const first = options.first();
  await expect(search).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  const firstId = (await first.textContent())!.includes('ÅNGSTRÖM') ? zoe.id : namesake.id;

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/patients/${firstId}(\\?|$)`));
  await expect(page.getByRole('region', { name: 'Patient' })).toBeVisible();
});

test('Enter or Shift+Enter pressed before the results arrive is carried out once they have', async ({ page, app }) => {
  const { patients } = app.services;
  const ines = await patients.create(setupActor, { givenName: 'Inès', familyName: 'Marchetti', dateOfBirth: '1969-11-02', sex: 'female' });
  await patients.create(setupActor, { givenName: 'Ingrid', familyName: 'Marlowe', dateOfBirth: '1981-04-18', sex: 'female' });

  await app.open('/patients');
  await expect(page.getByLabel('Search patients')).toBeFocused();
  // Typed and sent at once, inside the search's debounce: the keys are not lost.
  await page.keyboard.type('marchetti', { delay: 0 });
  await page.keyboard.press('Shift+Enter');
  await expect(page).toHaveURL(new RegExp(`#/patients/${ines.id}/visits/new$`));
  await expect(page.getByRole('heading', { level: 2, name: 'New visit' })).toBeFocused();

  await app.open('/patients');
  await expect(page.getByLabel('Search patients')).toBeFocused();
  await page.keyboard.type('marchetti', { delay: 0 });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/patients/${ines.id}(\\?|$)`));
});

test("the search's hints name the practice's order for a date of birth typed with slashes, and that order finds the patient", async ({ page, app }) => {
  const { patients, settings } = app.services;
  await patients.create(setupActor, { givenName: 'Maeve', familyName: 'Donnelly', dateOfBirth: '1987-03-14', sex: 'female' });

  await app.open('/patients');
  const search = page.getByLabel('Search patients');
  await expect(
    page.getByText('Any part of the name, in any order (accents optional), an MRN, or a date of birth written YYYY-MM-DD or DD/MM/YYYY.'),
  ).toBeVisible();
  await expect(page.getByText('Names match from the start of any word')).toHaveText(
    'Names match from the start of any word, in any order: ngu zo finds Zoë Nguyễn. An MRN finds its patient first; a date of birth like 1987-03-14 or 14/03/1987 lists everyone born that day.',
  );
  await search.fill('14/03/1987');
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option', { name: /DONNELLY, Maeve/ })).toBeVisible();

  // A practice that types month first (Settings → Typed dates) is told so.
  await settings.update(setupActor, { ...(await settings.read()), dateOrder: 'mdy' });
  await app.open('/patients');
  await expect(
    page.getByText('Any part of the name, in any order (accents optional), an MRN, or a date of birth written YYYY-MM-DD or MM/DD/YYYY.'),
  ).toBeVisible();
  await expect(page.getByText('Names match from the start of any word')).toContainText(
    'a date of birth like 1987-03-14 or 03/14/1987 lists everyone born that day.',
  );
  await page.getByLabel('Search patients').fill('03/14/1987');
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option', { name: /DONNELLY, Maeve/ })).toBeVisible();
});
