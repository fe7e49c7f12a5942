/** Care unsafe for the patient's age, tried in the visit editor: refused in the service's sentence, naming the field by its label, and nothing saved. */
import type { Page } from '@playwright/test';
import { isoDaysFromToday, shownDate } from './support/dates';
import { expect, setupActor, test } from './support/fixtures';

const faceRegion = (page: Page, name: string) => page.getByRole('group', { name: 'Face map' }).getByRole('button', { name, exact: true });
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

test('oral minocycline for a 7-year-old is refused in the editor with the whole sentence, and nothing is saved', async ({ page, app }) => {
  const child = await app.services.patients.create(setupActor, { givenName: 'Tom', familyName: 'Berg', dateOfBirth: '2019-03-01', sex: 'male' });
  await app.open(`/patients/${child.id}/visits/new`);
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByLabel('Visit date').fill('2026-06-01');
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('2');
  await page.getByRole('button', { name: 'Add treatment' }).click();
  const treatment = card(page, 'Treatment 1');
  await treatment.getByLabel('Kind').selectOption({ label: 'Oral minocycline' });
  await treatment.getByLabel('Site').selectOption({ label: 'Chin' });
  await treatment.getByLabel('Performed by').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByRole('button', { name: 'Save visit' }).click();

  const refusal = page.getByRole('alert').filter({ hasText: 'The visit was not saved' });
  await expect(refusal).toContainText('Check the visit: one field needs attention.');
  await expect(refusal.getByRole('listitem')).toHaveText([
    'Treatment 1: Kind must not be oral minocycline for a child 7 years old: minocycline is not given to children under 12 (it stains growing teeth).',
  ]);
  await expect(treatment).toContainText('Kind must not be oral minocycline for a child 7 years old');
  expect(app.services.store.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(0);
});

/** Documents one presentation and one treatment at a site of the face map, then saves. */
async function documentVisit(
  page: Page,
  { date, region, type, kind, redFlag, details }: { date: string; region: string; type?: string; kind: string; redFlag?: string; details?: [string, string] },
) {
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByLabel('Visit date').fill(date);
  await faceRegion(page, region).click();
  const presentation = card(page, region);
  if (type) await presentation.getByLabel('Type').selectOption({ label: type });
  await presentation.getByLabel('Count').fill('2');
  if (redFlag) {
    await presentation.getByRole('button', { name: 'Red flags and differentials' }).click();
    await presentation.getByRole('checkbox', { name: redFlag }).check();
  }
  await page.getByRole('button', { name: 'Add treatment' }).click();
  const treatment = card(page, 'Treatment 1');
  await treatment.getByLabel('Kind').selectOption({ label: kind });
  await treatment.getByLabel('Site').selectOption({ label: region.split(',')[0]! });
  if (region.includes(',')) await treatment.getByLabel('Side').selectOption({ label: region.split(', ')[1]!.replace(/^./, (c) => c.toUpperCase()) });
  await treatment.getByLabel('Performed by').selectOption({ label: 'Dr Ada Okafor' });
  if (details) await treatment.getByLabel(details[0]).selectOption({ label: details[1] });
  if (await treatment.getByLabel('Anaesthesia').count()) {
    await treatment.getByLabel('Lesions treated').fill('2');
    await treatment.getByLabel('Anaesthesia').selectOption({ label: 'None' });
    await treatment.getByLabel('Consent obtained').check();
  }
  await page.getByRole('button', { name: 'Save visit' }).click();
}

test('a newborn treated, a visit dated tomorrow, tretinoin in pregnancy and a red-flagged lesion curetted are each refused in the editor in one sentence, and nothing is saved', async ({
  page,
  app,
}) => {
  const today = isoDaysFromToday(0);
  const newborn = await app.services.patients.create(setupActor, {
    givenName: 'Mia',
    familyName: 'Sørensen',
    dateOfBirth: isoDaysFromToday(-21),
    sex: 'female',
  });
  const adult = await app.services.patients.create(setupActor, { givenName: 'Leila', familyName: 'Haddad', dateOfBirth: '1994-02-11', sex: 'female' });
  const cases: Array<{ patientId: number; visit: Parameters<typeof documentVisit>[1]; pregnant?: boolean; sentence: string }> = [
    {
      patientId: newborn.id,
      visit: { date: today, region: 'Nose', type: 'Neonatal milia', kind: 'De-roofing and expression' },
      sentence: 'Treatment 1: Kind must be observation for a baby 21 days old: milia in babies under 3 months clear by themselves and are not treated.',
    },
    {
      patientId: adult.id,
      visit: { date: isoDaysFromToday(1), region: 'Nose', kind: 'Reassurance and observation' },
      sentence: `Visit date must not be after today, ${shownDate(today)}: record a visit on the day it happens.`,
    },
    {
      patientId: adult.id,
      pregnant: true,
      visit: { date: today, region: 'Nose', kind: 'Topical retinoid', details: ['Product', 'Tretinoin'] },
      sentence: 'Treatment 1: Product must not be tretinoin while the patient is pregnant: its label contraindicates it in pregnancy.',
    },
    {
      patientId: adult.id,
      visit: { date: today, region: 'Cheek, left', kind: 'Curettage', redFlag: 'Ulcerated or bleeding' },
      sentence:
        'Treatment 1: Kind must wait for the decision on presentation 1 (Primary milia, Cheek, left), which has a red flag: record a biopsy, a referral or the reason to proceed first.',
    },
  ];
  for (const { patientId, visit, pregnant, sentence } of cases) {
    await app.open(`/patients/${patientId}/visits/new`);
    if (pregnant) await page.getByLabel('Pregnant or breastfeeding').selectOption({ label: 'Pregnant' });
    await documentVisit(page, visit);
    if (visit.redFlag) {
      // The form says beforehand which kinds wait for the decision: those the service refuses.
      await expect(page.getByRole('alert').filter({ hasText: 'This visit needs a decision' })).toContainText(
        'until then no de-roofing and expression, curettage, electrodesiccation, cryotherapy, laser ablation or chemical peel can be recorded on this visit',
      );
    }
    await expect(page.getByRole('alert').filter({ hasText: 'The visit was not saved' }).getByRole('listitem'), sentence).toHaveText([sentence]);
  }
  expect(app.services.store.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(0);
});
