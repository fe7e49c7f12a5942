/**
 * `check`: SQLite's own integrity and foreign-key checks, the search index and the statistics
 * roll-ups against what they are derived from, the app's
 * invariants (vocabulary codes in every coded column, the clinical rules of the schemas) and
 * the audit trail's chain against the heads recorded outside the database,
 * mostly as bulk SQL so that a large record is checked in seconds. Each fault is one line
 * naming the table, the first rows and what is wrong; none means the database is sound.
 * Every fault is listed, not only the first: each of SQLite's integrity lines, the broken
 * foreign keys of each table, and a part of the file too damaged to be read at all.
 */
import { bounds, type Range } from '@shared/bounds';
import { detailsByKind } from '@shared/clinical';
import { fieldIssues } from '@shared/errors';
import {
  anesthesias,
  differentials,
  distributions,
  followUpStatuses,
  isPairedSite,
  miliaTypes,
  outcomes,
  pairedSides,
  procedureKinds,
  redFlags,
  reviewDecisions,
  roles,
  sexes,
  sides,
  sites,
  treatmentKinds,
  triggers,
  type TreatmentKind,
} from '@shared/vocabulary';
import { Tally, foreignKeyFaults, isDamageError, sqliteFaults } from './db/integrity';
import { today } from '@shared/calendar';
import { searchName, sqliteOf, type Store } from './db/records';
import { ChainWalk, headProblems } from './db/records/auditChain';
import { hasChain, storedHashes, walkChain } from './db/records/sqlite/auditTrail';
import { backupFolderFor, recordedAuditHeads, settingsBackupFolder } from './backups/backup';

/** An SQL list of codes; codes are the vocabulary's own identifiers, never user text. */
const list = (codes: readonly string[]): string => `(${codes.map((c) => `'${c}'`).join(', ')})`;
const paired = list(sites.codes.filter(isPairedSite));
const pairedSide = list(pairedSides.codes);

const codeRule = (column: string, codes: readonly string[], nullable = false) => ({
  where: `${nullable ? `${column} is not null and ` : ''}${column} not in ${list(codes)}`,
  fault: `${column} is not a code of the vocabulary (${codes.join(', ')})`,
});
const codeListRule = (column: string, codes: readonly string[]) => ({
  where: `json_valid(${column}) and exists (select 1 from json_each(${column}) where value not in ${list(codes)})`,
  fault: `${column} holds a code outside the vocabulary`,
});
const jsonRule = (column: string, type: 'array' | 'object') => ({
  where: `not json_valid(${column}) or json_type(${column}) <> '${type}'`,
  fault: `${column} is not a JSON ${type}`,
});
const rangeRule = (column: string, { min, max }: Range, nullable = false) => ({
  where: `${nullable ? `${column} is not null and ` : ''}${column} not between ${min} and ${max}`,
  fault: `${column} is not from ${min} to ${max}`,
});
const dateRule = (column: string) => ({
  where: `${column} is not null and coalesce(date(${column}), '') <> ${column}`,
  fault: `${column} is not a real date written YYYY-MM-DD`,
});
const sideRules = [
  { where: `site in ${paired} and (side is null or side not in ${pairedSide})`, fault: 'side must be left, right or bilateral on a paired site' },
  { where: `site not in ${paired} and side in ${pairedSide}`, fault: 'side must be empty or midline on a midline site' },
];

/** Rows breaking a rule: `select id from <table> where <where>`. `:today` is today's date. */
const rules: Record<string, ReadonlyArray<{ where: string; fault: string }>> = {
  clinicians: [codeRule('role', roles.codes)],
  patients: [
    codeRule('sex', sexes.codes),
    dateRule('date_of_birth'),
    { where: 'date_of_birth > :today', fault: 'date_of_birth is in the future' },
    rangeRule('fitzpatrick', bounds.fitzpatrick, true),
  ],
  visits: [
    dateRule('date'),
    {
      where: 'exists (select 1 from patients p where p.id = visits.patient_id and visits.date < p.date_of_birth)',
      fault: "date is before the patient's date of birth",
    },
  ],
  presentations: [
    codeRule('type', miliaTypes.codes),
    codeRule('site', sites.codes),
    codeRule('side', sides.codes, true),
    codeRule('distribution', distributions.codes, true),
    codeRule('decision', reviewDecisions.codes, true),
    jsonRule('triggers', 'array'),
    jsonRule('red_flags', 'array'),
    jsonRule('differentials', 'array'),
    codeListRule('triggers', triggers.codes),
    codeListRule('red_flags', redFlags.codes),
    codeListRule('differentials', differentials.codes),
    {
      where: "type <> 'secondary' and json_valid(triggers) and json_array_length(triggers) > 0",
      fault: 'triggers are recorded on milia that are not secondary',
    },
    ...sideRules,
    rangeRule('count', bounds.count),
    rangeRule('size_mm', bounds.sizeMm, true),
    // `needsDecision` (src/shared/decisions.ts) in SQL: a red flag, milia en plaque, or a possible basal cell carcinoma.
    {
      where:
        "decision is not null and json_valid(red_flags) and json_array_length(red_flags) = 0 and type <> 'milia_en_plaque' and json_valid(differentials) and not exists (select 1 from json_each(differentials) where value = 'basal_cell_carcinoma')",
      fault: 'decision is recorded on a presentation that needs none (no red flag, not milia en plaque, no basal cell carcinoma among its differentials)',
    },
    { where: "decision = 'proceed' and trim(decision_note) = ''", fault: 'decision is proceed without the reason in decision_note' },
  ],
  addenda: [
    codeRule('decision', reviewDecisions.codes, true),
    {
      where: 'decision is not null and exists (select 1 from presentations p where p.id = addenda.presentation_id and p.decision is not null)',
      fault: 'a decision addendum decides a presentation already decided on the visit',
    },
  ],
  treatments: [
    codeRule('kind', treatmentKinds.codes),
    codeRule('site', sites.codes),
    codeRule('side', sides.codes, true),
    codeRule('anesthesia', anesthesias.codes, true),
    ...sideRules,
    { where: `kind in ${list(procedureKinds)} and consent is not 1`, fault: 'a procedure without consent = 1' },
    { where: `kind in ${list(procedureKinds)} and anesthesia is null`, fault: 'a procedure without anesthesia' },
    {
      where: `kind in ${list(treatmentKinds.codes.filter((k) => !procedureKinds.includes(k)))} and (lesions_treated <> 0 or consent is not null or anesthesia is not null)`,
      fault: 'observation or a drug with lesions treated, consent or anesthesia',
    },
    rangeRule('lesions_treated', bounds.lesionsTreated),
    jsonRule('details', 'object'),
  ],
  follow_ups: [
    codeRule('status', followUpStatuses.codes),
    codeRule('outcome', outcomes.codes, true),
    dateRule('due_date'),
    dateRule('completed_date'),
    {
      where: "case when status = 'completed' then outcome is null or completed_date is null else outcome is not null or completed_date is not null end",
      fault: 'a completed follow-up needs outcome and completed_date, and only a completed one has them',
    },
    { where: 'due_date < (select v.date from visits v where v.id = follow_ups.visit_id)', fault: 'due_date is before the visit' },
    { where: 'completed_date < (select v.date from visits v where v.id = follow_ups.visit_id)', fault: 'completed_date is before the visit' },
  ],
};

function sqliteIntegrity(store: Store): string[] {
  return sqliteFaults(sqliteOf(store), 'integrity_check').map((fault) => `integrity: ${fault}`);
}

function foreignKeys(store: Store): string[] {
  return foreignKeyFaults(sqliteOf(store));
}

function searchIndex(store: Store): string[] {
  const faults: string[] = [];
  try {
    // Rank 1 also compares the index with its external content, the patients table.
    sqliteOf(store).prepare("insert into patient_search(patient_search, rank) values ('integrity-check', 1)").run();
  } catch (error) {
    faults.push(
      'patient_search: the name search index does not match the patients table; rebuild it with ' +
        `"insert into patient_search(patient_search) values ('rebuild')" (SQLite: ${(error as Error).message})`,
    );
  }
  const tally = new Tally();
  const rows = sqliteOf(store)
    .prepare<[], { id: number; given_name: string; family_name: string; search_name: string }>(
      'select id, given_name, family_name, search_name from patients order by id',
    )
    .iterate();
  for (const r of rows) {
    if (r.search_name !== searchName(r.given_name, r.family_name)) tally.add('patients', r.id, 'search_name is not the folded given and family names');
  }
  return [...faults, ...tally.lines(), ...nameWords(store)];
}

/** What migration 0011's triggers keep in patient_words: each word of the folded name, keyed by the name without case. */
const derivedWords = `select w.value as word, lower(p.family_name) || char(1) || lower(p.given_name) as sort_key, p.id as patient_id
  from patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w where w.value <> ''`;

/** What migration 0014's triggers keep in patient_prefixes: the first one, two and three letters of each longer word, keyed alike. */
const derivedPrefixes = `select substr(w.value, 1, n.value) as prefix, lower(p.family_name) || char(1) || lower(p.given_name) as sort_key, p.id as patient_id
  from patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n where length(w.value) > n.value`;

/** The patient's columns each row of the name search's lists holds (migration 0015). */
const copiedColumns = ['mrn', 'given_name', 'family_name', 'date_of_birth', 'sex', 'archived_at', 'search_name'];

/**
 * The words and prefixes the name search reads against the names they come from (a patient
 * missing there is never found), and what they hold of each patient against the patient.
 */
function nameWords(store: Store): string[] {
  const tally = new Tally();
  const lists = [
    {
      table: 'patient_words',
      derived: derivedWords,
      columns: 'word, sort_key, patient_id',
      missing: 'a word of the name is missing from patient_words, so the name search can miss this patient',
      extra: 'patient_words holds a word that is not in the name',
      stale: "patient_words holds the patient's MRN, name, date of birth, sex or archived state as it no longer is, so the name search shows it wrong",
    },
    {
      table: 'patient_prefixes',
      derived: derivedPrefixes,
      columns: 'prefix, sort_key, patient_id',
      missing: 'the first letters of a word of the name are missing from patient_prefixes, so a search for them can miss this patient',
      extra: 'patient_prefixes holds first letters that are not in the name',
      stale: "patient_prefixes holds the patient's MRN, name, date of birth, sex or archived state as it no longer is, so the name search shows it wrong",
    },
  ];
  for (const { table, derived, columns, missing, extra, stale } of lists) {
    const drift = sqliteOf(store)
      .prepare<[], { id: number; missing: number }>(
        `select patient_id as id, 1 as missing from (${derived} except select ${columns} from ${table})
         union select patient_id, 0 from (select ${columns} from ${table} except ${derived})
         order by 1`,
      )
      .iterate();
    for (const r of drift) tally.add('patients', r.id, r.missing ? missing : extra);
    // What the search shows of each patient, held in the list since migration 0015.
    const differs = sqliteOf(store)
      .prepare<[], number>(
        `select distinct w.patient_id from ${table} w join patients p on p.id = w.patient_id
         where ${copiedColumns.map((c) => `w.${c} is not p.${c}`).join(' or ')} order by 1`,
      )
      .pluck()
      .iterate();
    for (const id of differs) tally.add('patients', id, stale);
  }
  return tally.lines();
}

function appRules(store: Store): string[] {
  const tally = new Tally();
  const params = { today: today() };
  for (const [table, tableRules] of Object.entries(rules)) {
    for (const rule of tableRules) {
      const query = sqliteOf(store).prepare<unknown[], number>(`select id from ${table} where ${rule.where} order by id`).pluck();
      // A statement binds only the parameters its text names.
      const ids = query.iterate(...(rule.where.includes(':today') ? [params] : []));
      for (const id of ids) tally.add(table, id, rule.fault);
    }
  }
  return tally.lines();
}

/** Treatment details against the schema of their kind (which SQL cannot express). */
function treatmentDetails(store: Store): string[] {
  const tally = new Tally();
  const rows = sqliteOf(store)
    .prepare<[], { id: number; kind: string; details: string }>(
      `select id, kind, details from treatments where json_valid(details) and kind in ${list(treatmentKinds.codes)} order by id`,
    )
    .iterate();
  for (const r of rows) {
    const parsed = detailsByKind[r.kind as TreatmentKind].safeParse(JSON.parse(r.details));
    if (parsed.success) continue;
    for (const issue of fieldIssues(parsed.error, ['details'])) tally.add('treatments', r.id, `${issue.path}: ${issue.message} (for ${r.kind})`);
  }
  return tally.lines();
}

/**
 * The audit trail's chain, walked whole, then the heads recorded outside the database (the
 * state file beside it, each backup's sidecar): each must still be in the trail.
 */
function auditTrail(store: Store, databasePath: string): string[] {
  const sqlite = sqliteOf(store);
  if (!hasChain(sqlite)) return [];
  // Read first: every row a recorded head names was committed before the walk began.
  const recorded = recordedAuditHeads(databasePath, backupFolderFor(databasePath, settingsBackupFolder(sqlite)));
  const walk = new ChainWalk();
  walkChain(sqlite, walk);
  return [...(walk.problem === null ? [] : [walk.problem]), ...headProblems(recorded, walk, storedHashes(sqlite))];
}

const grains = `(select 'year' as grain, 4 as len union all select 'month', 7 union all select 'day', 10)`;

/**
 * The statistics roll-ups (migrations 0009 and 0012) as a count of the visits gives them, zero
 * sums left out: the figures summed by day first, then put in their grains, as an import does.
 */
const rebuiltRollups = `select g.grain, d.figure, substr(d.date, 1, g.len), d.a, d.b, sum(d.n), sum(d.m), sum(d.r)
  from (select figure, date, a, cast(b as text) as b, sum(n) as n, sum(m) as m, sum(r) as r from stats_visit_figures group by 1, 2, 3, 4
        union all select 'follow_ups', due_date, status, '', count(*), 0, 0 from follow_ups group by 2, 3) d cross join ${grains} g
  group by 1, 2, 3, 4, 5 having sum(d.n) <> 0 or sum(d.m) <> 0 or sum(d.r) <> 0`;
const keptRollups = `select grain, figure, bucket, a, b, n, m, r from stats_rollups where n <> 0 or m <> 0 or r <> 0`;
const rebuiltDays = `select patient_id, kind, date, lag(date) over (partition by patient_id, kind order by date) as prev_date from (
    select patient_id, '' as kind, date from visits union select v.patient_id, t.kind, v.date from visits v join treatments t on t.visit_id = v.id)`;

/** What the statistics summary reads against the visits it counts: a difference is a wrong figure on the manager's screen. */
function statisticsRollups(store: Store): string[] {
  const sqlite = sqliteOf(store);
  // Both sides are sets (a primary key, a grouping): a row found once is on one side only.
  const rollups = sqlite
    .prepare(
      `select count(*) from (select grain from (${keptRollups} union all ${rebuiltRollups})
       group by grain, figure, bucket, a, b, n, m, r having count(*) = 1)`,
    )
    .pluck()
    .get() as number;
  const days = sqlite
    .prepare<[], number>(
      `select distinct patient_id from (select patient_id, kind, date, prev_date from stats_patient_days except ${rebuiltDays}
       union all select * from (${rebuiltDays} except select patient_id, kind, date, prev_date from stats_patient_days)) order by 1`,
    )
    .pluck()
    .all();
  const tally = new Tally();
  for (const id of days) tally.add('patients', id, "stats_patient_days does not match the patient's visits, so the statistics count them wrongly");
  return [...(rollups ? [`stats_rollups: ${rollups} sums differ from a count of the visits, so the statistics summary is wrong`] : []), ...tally.lines()];
}

/** The parts of the check, named for a fault line when a part cannot even be read. */
const parts: ReadonlyArray<[string, (store: Store, databasePath: string) => string[]]> = [
  ['integrity', sqliteIntegrity],
  ['foreign keys', foreignKeys],
  ['search index', searchIndex],
  ["the app's rules", appRules],
  ['treatment details', treatmentDetails],
  ['statistics roll-ups', statisticsRollups],
  ['the audit trail', auditTrail],
];

/**
 * Every fault found, one line each; empty when the database is sound. The store must be
 * writable: FTS5 runs its integrity check as an INSERT command (which changes nothing).
 * A part that stops on a damaged page is itself a fault, and the other parts still run.
 * `databasePath` is where the heads recorded outside it are found: the database's own path
 * when `store` is a private copy of a read-only one.
 */
export function checkDatabase(store: Store, databasePath: string = store.path): string[] {
  return parts.flatMap(([name, part]) => {
    try {
      return part(store, databasePath);
    } catch (error) {
      if (!isDamageError(error)) throw error;
      return [`${name}: could not be checked to the end, the file is damaged (SQLite: ${error.message})`];
    }
  });
}
