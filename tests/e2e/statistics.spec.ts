/**
 * The statistics screen against a small practice whose figures are worked out by hand: the
 * first quarter of a year long past (so no preset reaches it), plus one patient seen last
 * month and today for the presets. The expected numbers are literal; the service's own
 * summary is checked against the same literals, so the screen and the summary agree.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { endOfMonth, endOfQuarter, format, startOfMonth, startOfQuarter, startOfYear, subMonths } from 'date-fns';
import type { TreatmentInput } from '@shared/schemas';
import { readBackDate, shownDate } from './support/dates';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

/** A year no preset reaches: the custom-range figures stay the same whenever the tests run. */
const year = new Date().getFullYear() - 3;
const day = (monthDay: string) => `${year}-${monthDay}`;
const quarter = { from: day('01-01'), to: day('03-31') };

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const today = new Date();
const todayIso = iso(today);
/** The 15th of last month: in "Last month" and "Last 12 months", never in "This month". */
const lastMonthDay = iso(new Date(today.getFullYear(), today.getMonth() - 1, 15));

function clinician(app: App, name: string): number {
  const found = app.clinicians.find((c) => c.name === name);
  if (!found) throw new Error(`no clinician ${name}`);
  return found.id;
}

/** Extraction on the left cheek by `by`: 10040. */
const extraction = (by: number, lesions: number, site: 'cheek' | 'forehead' = 'cheek'): TreatmentInput => ({
  kind: 'extraction',
  site,
  ...(site === 'cheek' ? { side: 'left' as const } : {}),
  performedBy: by,
  lesionsTreated: lesions,
  anesthesia: 'none',
  consent: true,
});

/**
 * The known practice. In the quarter: 5 visits of 4 patients (Sato was first seen the
 * December before, so 3 are new); 6 treatments (4 extractions of 3 + 5 + 2 + 1 lesions, a
 * cryotherapy of 4, an observation), 15 lesions; follow-ups due: 3 completed, 1 missed, 1
 * scheduled and overdue; 1 red-flagged presentation. Outcomes: the extraction visits came
 * back cleared, improved, cleared (67%, 2 of 3); the cryotherapy visit cleared (1 of 1).
 */
async function knownPractice(app: App) {
  const { patients, visits } = app.services;
  const ada = clinician(app, 'Dr Ada Okafor');
  const per = clinician(app, 'Nurse Per Lindqvist');
  const person = async (givenName: string, familyName: string) =>
    (await patients.create(setupActor, { givenName, familyName, dateOfBirth: '1980-05-05', sex: 'female' })).id;
  const primary = (count: number, extra: object = {}) => ({ type: 'primary' as const, site: 'cheek' as const, side: 'left' as const, count, ...extra });

  const halvorsen = await person('Ingrid', 'Halvorsen');
  await visits.save(setupActor, {
    patientId: halvorsen,
    date: day('01-10'),
    clinicianId: ada,
    presentations: [primary(3)],
    treatments: [extraction(ada, 3)],
    followUps: [{ dueDate: day('02-07'), status: 'completed', completedDate: day('02-07'), outcome: 'cleared' }],
  });
  const ferreira = await person('Tomás', 'Ferreira');
  await visits.save(setupActor, {
    patientId: ferreira,
    date: day('01-20'),
    clinicianId: ada,
    presentations: [primary(5, { redFlags: ['growth'], decision: 'biopsy' })],
    treatments: [extraction(ada, 5)],
    followUps: [{ dueDate: day('02-17'), status: 'completed', completedDate: day('02-18'), outcome: 'improved' }],
  });
  const diallo = await person('Amara', 'Diallo');
  await visits.save(setupActor, {
    patientId: diallo,
    date: day('02-05'),
    clinicianId: per,
    presentations: [primary(6)],
    treatments: [
      extraction(per, 2),
      { kind: 'cryotherapy', site: 'cheek', side: 'right', performedBy: per, lesionsTreated: 4, anesthesia: 'topical', consent: true },
    ],
    followUps: [{ dueDate: day('03-05'), status: 'completed', completedDate: day('03-05'), outcome: 'cleared' }],
  });
  await visits.save(setupActor, {
    patientId: halvorsen,
    date: day('03-03'),
    clinicianId: ada,
    presentations: [primary(1)],
    treatments: [{ kind: 'observation', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 0 }],
    followUps: [{ dueDate: day('03-31'), status: 'missed' }],
  });
  const sato = await person('Kenji', 'Sato');
  await visits.save(setupActor, { patientId: sato, date: `${year - 1}-12-01`, clinicianId: ada, presentations: [primary(2)] });
  await visits.save(setupActor, {
    patientId: sato,
    date: day('03-15'),
    clinicianId: ada,
    presentations: [{ type: 'primary', site: 'forehead', count: 1 }],
    treatments: [extraction(ada, 1, 'forehead')],
    followUps: [{ dueDate: day('03-29'), status: 'scheduled' }],
  });

  // For the presets: a new patient last month (cryotherapy of 16 lesions: 17111) and today
  // (an epidermal peel on the face: 15788).
  const nguyen = await person('Zoë', 'Nguyen');
  await visits.save(setupActor, {
    patientId: nguyen,
    date: lastMonthDay,
    clinicianId: per,
    presentations: [primary(20)],
    treatments: [{ kind: 'cryotherapy', site: 'cheek', side: 'left', performedBy: per, lesionsTreated: 16, anesthesia: 'none', consent: true }],
  });
  await visits.save(setupActor, {
    patientId: nguyen,
    date: todayIso,
    clinicianId: ada,
    presentations: [primary(4)],
    treatments: [
      {
        kind: 'chemical_peel',
        site: 'cheek',
        side: 'left',
        performedBy: ada,
        lesionsTreated: 4,
        anesthesia: 'none',
        consent: true,
        details: { agent: 'glycolic', depth: 'epidermal' },
      },
    ],
  });
}

async function choosePeriod(page: Page, label: string): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Period' }).getByText(label, { exact: true }).click();
}

async function chooseCustom(page: Page, from: string, to: string): Promise<void> {
  await choosePeriod(page, 'Custom range');
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To', { exact: true }).fill(to);
}

/** The number a headline figure shows. */
const figure = (page: Page, label: string): Locator =>
  page
    .locator('dl > div')
    .filter({ has: page.locator('dt').getByText(label, { exact: true }) })
    .locator('dd')
    .first();

async function expectFigures(page: Page, expected: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(expected)) await expect(figure(page, label), label).toHaveText(value);
}

const periodInWords = (page: Page) => page.getByTestId('period-in-words');
const table = (page: Page, caption: RegExp) => page.getByRole('table', { name: caption });
const bodyRow = (t: Locator, header: string) => t.locator('tbody tr').filter({ has: t.page().getByRole('rowheader', { name: header, exact: true }) });

test('a custom range shows the figures worked out by hand, and a range ending before it starts is refused at "To"', async ({ page, app }) => {
  await knownPractice(app);
  const summary = await app.services.stats.summary(setupActor, { ...quarter, asOf: todayIso });
  // The service agrees with the hand count, so the screen is checked against the right numbers.
  expect(summary).toMatchObject({
    visits: 5,
    patients: 4,
    newPatients: 3,
    redFlagged: 1,
    treatmentsByKind: { extraction: { treatments: 4, lesionsTreated: 11, patients: 4 }, cryotherapy: { treatments: 1, lesionsTreated: 4, patients: 1 } },
    followUps: { scheduled: 1, completed: 3, missed: 1, cancelled: 0, overdue: 1 },
    outcomesByKind: { extraction: { cleared: 2, improved: 1 }, cryotherapy: { cleared: 1 } },
    procedureCodes: { '10040': 4, '17110': 1 },
  });

  await app.open('/statistics');
  await expect(page.getByRole('heading', { level: 2, name: 'Statistics' })).toBeVisible();
  await chooseCustom(page, quarter.from, quarter.to);
  await expect(periodInWords(page)).toHaveText(`1 Jan ${year} – 31 Mar ${year}`);
  await expectFigures(page, {
    Visits: '5',
    'Patients seen': '4',
    'New patients': '3',
    Treatments: '6',
    'Lesions treated': '15',
    'Follow-ups kept': '75%',
    'Overdue follow-ups': '1',
    'Red-flagged presentations': '1',
  });
  await expect(page.getByText('3 of 4 completed or missed (few follow-ups)')).toBeVisible();

  const byKind = table(page, /^Treatments by kind/);
  await expect(bodyRow(byKind, 'De-roofing and expression').getByRole('cell')).toHaveText(['4', '11', '4']);
  await expect(bodyRow(byKind, 'Cryotherapy').getByRole('cell')).toHaveText(['1', '4', '1']);
  await expect(bodyRow(byKind, 'Reassurance and observation').getByRole('cell')).toHaveText(['1', '0', '1']);

  const outcomes = table(page, /^Outcomes of completed follow-ups/);
  const extractionOutcomes = bodyRow(outcomes, 'De-roofing and expression');
  await expect(extractionOutcomes.getByRole('cell')).toHaveText([/^67% \(2 of 3\)\s*few follow-ups$/, '3', '2', '1', '0', '0', '0']);
  await expect(bodyRow(outcomes, 'Cryotherapy').getByRole('cell').first()).toContainText('100% (1 of 1)');
  await expect(bodyRow(outcomes, 'Reassurance and observation')).toHaveCount(0);

  await expect(page.getByText('Kept: 75% (3 of 4)')).toBeVisible();
  const followUps = table(page, /^Follow-ups due/);
  await expect(bodyRow(followUps, 'Scheduled').getByRole('cell')).toHaveText(['1']);
  await expect(bodyRow(followUps, `of which overdue on ${shownDate(todayIso)}`).getByRole('cell')).toHaveText(['1']);
  await expect(bodyRow(followUps, 'Missed').getByRole('cell')).toHaveText(['1']);

  const codes = table(page, /^Procedure codes/);
  await expect(bodyRow(codes, '10040').getByRole('cell')).toHaveText(['Acne surgery (extraction of milia)', '4']);
  await expect(bodyRow(codes, '17110').getByRole('cell')).toHaveText(['Destruction of benign lesions, 1-14', '1']);
  await expect(codes.locator('tbody tr')).toHaveCount(2);

  const byClinician = table(page, /^Treatments by clinician/);
  await expect(byClinician.getByRole('columnheader')).toHaveText([
    'Clinician',
    'Reassurance and observation',
    'De-roofing and expression',
    'Cryotherapy',
    'Total',
  ]);
  await expect(bodyRow(byClinician, 'Dr Ada Okafor').getByRole('cell')).toHaveText(['1', '3', '0', '4']);
  await expect(bodyRow(byClinician, 'Nurse Per Lindqvist').getByRole('cell')).toHaveText(['0', '1', '1', '2']);

  // The chart is one named image; its figures are in the table behind "Show as table".
  await expect(page.getByRole('img', { name: /^Stacked bar chart of treatments by month, 1 Jan \d{4} – 31 Mar \d{4}: 6 in all over 3 months/ })).toBeVisible();
  await page.getByText('Show as table').click();
  const byMonth = table(page, /^Treatments by month/);
  await expect(byMonth.locator('tbody tr')).toHaveCount(3);
  await expect(byMonth.getByRole('rowheader')).toHaveText([`Jan ${year}`, `Feb ${year}`, `Mar ${year}`]);
  await expect(bodyRow(byMonth, `Feb ${year}`).getByRole('cell')).toHaveText(['0', '1', '1', '2']);
  await screenshot(page, 'statistics-custom-range');

  // "To" before "From": said at "To", and no figures are shown for it.
  await page.getByLabel('To', { exact: true }).fill(day('01-01'));
  await page.getByLabel('From', { exact: true }).fill(day('02-01'));
  const to = page.getByLabel('To', { exact: true });
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  // The refusal, then the day the field holds, read back.
  await expect(to).toHaveAccessibleDescription(`To must be on or after From (1 Feb ${year}): swap the two days ${readBackDate(day('01-01'))}`);
  await expect(page.getByText('Correct the custom range above to see its figures.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
  await expect(figure(page, 'Visits')).toHaveCount(0);
});

test('the presets count their own periods, and every month of the last 12 has a row', async ({ page, app }) => {
  await knownPractice(app);
  await app.open('/statistics');

  // Opens on the last 12 whole months, the current one included: last month's and today's visits.
  const twelveFrom = startOfMonth(subMonths(today, 11));
  await expect(periodInWords(page)).toHaveText(`${shownDate(iso(twelveFrom))} – ${shownDate(iso(endOfMonth(today)))}`);
  await expectFigures(page, { Visits: '2', 'Patients seen': '1', 'New patients': '1', Treatments: '2', 'Lesions treated': '20' });
  await page.getByText('Show as table').click();
  const monthNames = Array.from({ length: 12 }, (_, i) => format(subMonths(startOfMonth(today), 11 - i), 'MMM yyyy'));
  await expect(table(page, /^Treatments by month/).getByRole('rowheader')).toHaveText(monthNames);

  await choosePeriod(page, 'Last month');
  const lastMonth = subMonths(startOfMonth(today), 1);
  await expect(periodInWords(page)).toHaveText(`${shownDate(iso(lastMonth))} – ${shownDate(iso(endOfMonth(lastMonth)))}`);
  await expectFigures(page, { Visits: '1', 'Patients seen': '1', 'New patients': '1', Treatments: '1', 'Lesions treated': '16' });
  await expect(bodyRow(table(page, /^Procedure codes/), '17111').getByRole('cell')).toHaveText(['Destruction of benign lesions, 15 or more', '1']);

  await choosePeriod(page, 'This month');
  await expect(periodInWords(page)).toHaveText(`${shownDate(iso(startOfMonth(today)))} – ${shownDate(iso(endOfMonth(today)))}`);
  // Zoë was first seen last month: not new this month.
  await expectFigures(page, { Visits: '1', 'Patients seen': '1', 'New patients': '0', Treatments: '1', 'Lesions treated': '4' });
  await expect(bodyRow(table(page, /^Procedure codes/), '15788').getByRole('cell')).toHaveText(['Chemical peel, face, epidermal', '1']);
  await expect(bodyRow(table(page, /^Treatments by kind/), 'Chemical peel').getByRole('cell')).toHaveText(['1', '4', '1']);

  await choosePeriod(page, 'This quarter');
  await expect(periodInWords(page)).toHaveText(`${shownDate(iso(startOfQuarter(today)))} – ${shownDate(iso(endOfQuarter(today)))}`);

  await choosePeriod(page, 'Year to date');
  await expect(periodInWords(page)).toHaveText(`${shownDate(iso(startOfYear(today)))} – ${shownDate(todayIso)}`);

  // A period with nothing in it says so.
  await chooseCustom(page, '1990-01-01', '1990-12-31');
  await expect(page.getByText('Nothing recorded in this period')).toBeVisible();
  await expectFigures(page, { Visits: '0', Treatments: '0', 'Follow-ups kept': '—' });
});

/**
 * The lightness (0 to 1) of every pixel of a screenshot: Chromium's PNGs are 8-bit RGB or
 * RGBA, not interlaced, each row led by its filter type (PNG specification, section 9).
 */
function greyPixels(png: Buffer): number[] {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colour, interlace] = [png[24], png[25], png[28]];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unexpected PNG: depth ${depth}, colour type ${colour}`);
  const channels = colour === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  const paeth = (a: number, b: number, c: number) => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]!;
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  const grey: number[] = [];
  for (let i = 0; i < pixels.length; i += channels) grey.push((0.2126 * pixels[i]! + 0.7152 * pixels[i + 1]! + 0.0722 * pixels[i + 2]!) / 255);
  return grey;
}

const csvHeader = 'visit_date,patient,clinician,kind,site,side,lesions_treated,procedure_code,kind_label,site_label,side_label,procedure_label';

test('Export CSV downloads the period’s treatments without names', async ({ page, app }) => {
  await knownPractice(app);
  await app.open('/statistics');
  await chooseCustom(page, quarter.from, quarter.to);
  await expect(figure(page, 'Visits')).toHaveText('5');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`milia-statistics-${quarter.from}-to-${quarter.to}.csv`);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(csvHeader);
  expect(lines).toHaveLength(1 + 6);
  expect(lines.filter((l) => l.includes(',cryotherapy,'))).toEqual([
    expect.stringMatching(
      new RegExp(`^${day('02-05')},[^,]+,Nurse Per Lindqvist,cryotherapy,cheek,right,4,17110,Cryotherapy,Cheek,Right,"Destruction of benign lesions, 1-14"$`),
    ),
  ]);
  expect(text).not.toMatch(/Halvorsen|Ferreira|Diallo|Sato|Ingrid|Tomás|Amara|Kenji/i);

  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Downloading milia-statistics-${quarter.from}-to-${quarter.to}.csv (CSV of 1 Jan ${year} – 31 Mar ${year}, 6 treatments` }),
  ).toBeVisible();
  // Its address downloads once and carries no token: another copy is another export.
  expect(download.url()).toMatch(/\/exports\/[A-Za-z0-9_-]{32}\.csv$/);
  await expect(page.getByRole('link', { name: 'Download again' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
});

test('an export shows its progress while the screen stays usable, then downloads; a failure is shown and a closed save dialog starts nothing', async ({
  page,
  app,
}) => {
  await knownPractice(app);
  await app.open('/statistics');
  await chooseCustom(page, quarter.from, quarter.to);
  await expect(figure(page, 'Visits')).toHaveText('5');

  // Hold the job at 3 of 8 rows until released, to see the bar and use the screen meanwhile.
  let held = true;
  let polls = 0;
  await page.route('**/api/stats.exportStatus', async (route) => {
    polls++;
    if (held) await route.fulfill({ json: { ok: true, value: { state: 'running', done: 3, total: 8 } } });
    else await route.continue();
  });
  await page.getByRole('button', { name: 'Export XLSX' }).click();
  const bar = page.getByRole('progressbar', { name: 'Exporting XLSX' });
  await expect(bar).toHaveAttribute('aria-valuenow', '37.5');
  await expect(page.getByText(`Exporting 1 Jan ${year} – 31 Mar ${year} as XLSX: 3 of 8 rows written…`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
  await expect.poll(() => polls).toBeGreaterThanOrEqual(3);
  await screenshot(page, 'statistics-exporting');

  await choosePeriod(page, 'Last month');
  await expectFigures(page, { Visits: '1', 'Lesions treated': '16' });
  await expect(bar).toBeVisible();

  const downloading = page.waitForEvent('download');
  held = false;
  const download = await downloading;
  // The period asked for when the button was pressed, not the one shown since.
  expect(download.suggestedFilename()).toBe(`milia-statistics-${quarter.from}-to-${quarter.to}.xlsx`);
  expect(
    readFileSync(await download.path())
      .subarray(0, 2)
      .toString('latin1'),
  ).toBe('PK');
  await expect(bar).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: /^Downloading milia-statistics-.*\.xlsx \(XLSX of 1 Jan \d{4} – 31 Mar \d{4}, 6 treatments/ }),
  ).toBeVisible();
  await page.unroute('**/api/stats.exportStatus');

  // The export fails: the message is shown as the job gives it.
  await page.route('**/api/stats.exportStatus', (route) => route.fulfill({ json: { ok: true, value: { state: 'failed', message: 'The disk is full.' } } }));
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The CSV export failed' });
  await expect(alert).toContainText('The disk is full.');
  await page.unroute('**/api/stats.exportStatus');

  // The desktop save dialog closed: no job, nothing to say, the buttons ready again.
  let asked = 0;
  await page.route('**/api/stats.export', async (route) => {
    asked++;
    await route.fulfill({ json: { ok: true, value: { job: null } } });
  });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect.poll(() => asked).toBe(1);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  await expect(alert).toBeHidden();
  await expect(page.getByText(/^Starting the CSV export|^Downloading/)).toBeHidden();
});

test.describe('every treatment kind at once', async () => {
  /** Treatments of every kind over the last six months, a different mix each month. */
  async function everyKind(app: App) {
    const { patients, visits } = app.services;
    const ada = clinician(app, 'Dr Ada Okafor');
    const kinds: TreatmentInput[] = [
      { kind: 'observation', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 0 },
      extraction(ada, 3),
      { kind: 'curettage', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 2, anesthesia: 'local_injection', consent: true },
      { kind: 'electrodesiccation', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 2, anesthesia: 'local_injection', consent: true },
      { kind: 'cryotherapy', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 2, anesthesia: 'none', consent: true },
      { kind: 'laser_ablation', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 2, anesthesia: 'topical', consent: true },
      {
        kind: 'chemical_peel',
        site: 'cheek',
        side: 'left',
        performedBy: ada,
        lesionsTreated: 0,
        anesthesia: 'none',
        consent: true,
        details: { agent: 'tca', depth: 'dermal' },
      },
      { kind: 'topical_retinoid', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 0, details: { product: 'adapalene' } },
      { kind: 'oral_minocycline', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 0 },
      { kind: 'other', site: 'cheek', side: 'left', performedBy: ada, lesionsTreated: 1, anesthesia: 'none', consent: true },
    ];
    const patient = (await patients.create(setupActor, { givenName: 'Ines', familyName: 'Moreau', dateOfBirth: '1975-02-03', sex: 'female' })).id;
    for (let m = 0; m < 6; m++) {
      const date = iso(new Date(today.getFullYear(), today.getMonth() - m, 1));
      await visits.save(setupActor, {
        patientId: patient,
        date,
        clinicianId: ada,
        // Asked before the retinoid and minocycline are saved.
        pregnancyStatus: 'neither',
        presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 8 }],
        treatments: kinds.filter((_, i) => (i + m) % 3 !== 0 || i === m),
      });
    }
  }

  test('in grey, the chart’s kinds stay apart: every legend swatch differs from every other', async ({ page, app }) => {
    await everyKind(app);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open('/statistics');
    const legend = page.getByRole('listitem').filter({ has: page.locator('svg') });
    await expect(legend).toHaveCount(10);
    // Printed on a greyscale printer: no colour left to tell the kinds apart.
    await page.locator('body').evaluate((body) => {
      body.style.filter = 'grayscale(1)';
    });
    await screenshot(page, 'statistics-greyscale');
    await page.getByRole('region', { name: 'Treatments by month' }).screenshot({ path: 'test-results/screenshots/statistics-greyscale-chart.png' });

    const greys = await Promise.all((await legend.locator('svg').all()).map(async (swatch) => greyPixels(await swatch.screenshot())));
    const names = await legend.allInnerTexts();
    // Every channel is the same in grey; the pictures differ by at least a tenth on average.
    let closest = { a: '', b: '', difference: Infinity };
    for (let a = 0; a < greys.length; a++) {
      for (let b = a + 1; b < greys.length; b++) {
        const [ga, gb] = [greys[a]!, greys[b]!];
        const difference = ga.reduce((sum, v, i) => sum + Math.abs(v - (gb[i] ?? 0)), 0) / ga.length;
        if (difference < closest.difference) closest = { a: names[a]!, b: names[b]!, difference };
      }
    }
    expect(closest.difference, `${closest.a} and ${closest.b} look alike in grey`).toBeGreaterThan(0.1);
  });
});

test('the custom range checks each day', async ({ page, app }) => {
  await app.open('/statistics');
  await choosePeriod(page, 'Custom range');
  await page.getByLabel('From', { exact: true }).fill('');
  await expect(page.getByLabel('From', { exact: true })).toHaveAccessibleDescription('From is required: enter a day');
  await page.getByLabel('From', { exact: true }).fill('1950-01-01');
  await page.getByLabel('To', { exact: true }).fill('2026-01-01');
  await expect(page.getByLabel('To', { exact: true })).toHaveAccessibleDescription('A period can be at most 50 years long Thu 1 Jan 2026');
  await page.getByLabel('To', { exact: true }).fill('1999-12-31');
  await expect(page.getByLabel('To', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(periodInWords(page)).toHaveText('1 Jan 1950 – 31 Dec 1999');
  await expect(page.getByText('Nothing recorded in this period')).toBeVisible();
});

test('figures that cannot be counted say so and offer to try again', async ({ page, app }) => {
  await knownPractice(app);
  let refused = true;
  await page.route('**/api/stats.summary', async (route) => {
    if (refused) await route.fulfill({ json: { ok: false, error: { kind: 'storage', message: 'The database is busy. Try again in a moment.' } } });
    else await route.continue();
  });
  await app.open('/statistics');
  const alert = page.getByRole('alert').filter({ hasText: 'The statistics could not be loaded' });
  await expect(alert).toContainText('The database is busy. Try again in a moment.');
  refused = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toBeHidden();
  await expectFigures(page, { Visits: '2', Treatments: '2' });
});

test.describe('as a practice manager', () => {
  test.use({ role: 'manager' });

  test('"Last year" takes the whole of last year, and its CSV and XLSX give each code with its label', async ({ page, app }) => {
    const last = today.getFullYear() - 1;
    const ada = clinician(app, 'Dr Ada Okafor');
    const { id: patient } = await app.services.patients.create(setupActor, {
      givenName: 'Sofia',
      familyName: 'Ricci',
      dateOfBirth: '1975-02-02',
      sex: 'female',
    });
    for (const date of [`${last}-01-01`, `${last}-12-31`, `${last + 1}-01-01`]) {
      await app.services.visits.save(setupActor, {
        patientId: patient,
        date,
        clinicianId: ada,
        presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2 }],
        treatments: [extraction(ada, 2)],
      });
    }
    await app.open('/statistics');
    await choosePeriod(page, 'Last year');
    await expect(page.getByText(`1 Jan ${last} – 31 Dec ${last}`).first()).toBeVisible();
    await expect(figure(page, 'Visits')).toHaveText('2');
    await screenshot(page, 'statistics-last-year');

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toBe(`milia-statistics-${last}-01-01-to-${last}-12-31.csv`);
    const lines = readFileSync(await csvFile.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(csvHeader);
    expect(lines.slice(1)).toEqual(
      [`${last}-01-01`, `${last}-12-31`].map((d) =>
        expect.stringMatching(
          new RegExp(
            `^${d},P-0000\\d,Dr Ada Okafor,extraction,cheek,left,2,10040,De-roofing and expression,Cheek,Left,Acne surgery \\(extraction of milia\\)$`,
          ),
        ),
      ),
    );

    const xlsx = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    expect((await xlsx).suggestedFilename()).toBe(`milia-statistics-${last}-01-01-to-${last}-12-31.xlsx`);
  });
});
