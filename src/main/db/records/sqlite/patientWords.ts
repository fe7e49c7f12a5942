/**
 * A name search over `patient_words` (migration 0011) that reads what it gives, not every
 * match. Each word's patients are held in the search's order (family then given name without
 * case, then id), so the patients having a word, or any word of a prefix, come out of the
 * index already sorted; the patients having all the words typed are the intersection of those
 * sorted lists, found by leapfrogging (each list seeks the next candidate of the others). The
 * order of the results is: more words typed that are whole words of the name first, then by
 * name; each count is one intersection per choice of which words are whole, read only as far
 * as the limit. The cost follows the limit and, for a prefix of four letters or more, the
 * distinct words it starts (the practice's vocabulary), not the number of patients; a shorter
 * prefix, which starts hundreds of words, has its own list (`patient_prefixes`).
 */
import type Database from 'better-sqlite3';

/** A place in a word's list: the patient's sort key and id, unique per patient. */
interface Place {
  key: string;
  id: number;
}

/** A patient in a word's list: the place, the row the search gives and the folded name it checks. */
type Listed<Row> = Row & Place & { searchName: string };

/** Code-point order, which is SQLite's (UTF-8 bytes) and not JavaScript's (UTF-16 units) beyond U+FFFF. */
function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) come after U+E000-FFFF in code-point order.
    const rank = (c: number) => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);
    return rank(x) - rank(y);
  }
  return a.length - b.length;
}

const compare = (a: Place, b: Place): number => compareText(a.key, b.key) || a.id - b.id;

interface Statements<Row> {
  from: Database.Statement<[{ word: string; key: string; id: number; n: number }], Listed<Row>>;
  longer: Database.Statement<[{ word: string; hi: string }], string>;
}

/**
 * One word's patients in order, read from the index in batches: growing while the search
 * walks the word's patients one after another, small again when it leaps past them.
 */
class WordList<Row> {
  private rows: Listed<Row>[] = [];
  private at = 0;
  /** Where the rows held start (the target they were read from), whether they run to the word's end, and how many were given. */
  private from: Place | undefined;
  private done = false;
  private given = 0;
  private batch = 4;

  constructor(
    private readonly statements: Statements<Row>,
    private readonly word: string,
  ) {}

  /**
   * The first place at or after `target`, or undefined when the word has none. `wanted`: how
   * many places the search would take in a row from here, which sizes a fresh read.
   */
  seek(target: Place, wanted = 4): Listed<Row> | undefined {
    // A search goes forward within one intersection and starts over for the next.
    if (!this.from || compare(target, this.from) < 0) return this.read(target, wanted);
    if (this.at > 0 && compare(this.rows[this.at - 1]!, target) >= 0) this.at = 0;
    const was = this.at;
    while (this.at < this.rows.length && compare(this.rows[this.at]!, target) < 0) this.at++;
    if (this.at < this.rows.length) {
      if (this.at !== was || this.given === 0) this.given++;
      return this.rows[this.at];
    }
    if (this.done) return undefined;
    return this.read(target, this.given * 2 >= this.rows.length ? Math.min(this.batch * 4, 256) : wanted);
  }

  private read(target: Place, batch: number): Listed<Row> | undefined {
    this.batch = batch;
    this.rows = this.statements.from.all({ word: this.word, key: target.key, id: target.id, n: batch });
    this.from = target;
    this.at = 0;
    this.given = this.rows.length > 0 ? 1 : 0;
    this.done = this.rows.length < batch;
    return this.rows[0];
  }
}

/** The patients having any of several words (the longer words of a prefix), merged in order. */
class AnyOf<Row> {
  constructor(private readonly lists: readonly WordList<Row>[]) {}

  /** How many words: each seek reads each of them. */
  get width(): number {
    return this.lists.length;
  }

  seek(target: Place, wanted?: number): Listed<Row> | undefined {
    let best: Listed<Row> | undefined;
    for (const list of this.lists) {
      const found = list.seek(target, wanted);
      if (found && (!best || compare(found, best) < 0)) best = found;
    }
    return best;
  }
}

const first: Place = { key: '', id: 0 };

/**
 * The places every list holds, in order: each list seeks the furthest candidate until all agree.
 * A single list of one word gives its places in a row, so it reads the `wanted` at once, no
 * more; lists that leap read a few at a time.
 */
function* intersection<Row>(lists: readonly AnyOf<Row>[], wanted: number): Generator<Listed<Row>> {
  const inRow = lists.length === 1 && lists[0]!.width === 1 ? wanted : undefined;
  let target: Place = first;
  for (;;) {
    let agreed = 0;
    let found: Listed<Row> | undefined;
    for (let i = 0; agreed < lists.length; i = (i + 1) % lists.length) {
      found = lists[i]!.seek(target, inRow);
      if (!found) return;
      if (compare(found, target) === 0) agreed++;
      else {
        target = found;
        agreed = 1;
      }
    }
    yield found!;
    target = { key: target.key, id: target.id + 1 };
  }
}

/** Every choice of `size` indexes among `count`, as sets. */
function* choices(count: number, size: number, from = 0): Generator<Set<number>> {
  if (size === 0) {
    yield new Set();
    return;
  }
  for (let i = from; i <= count - size; i++) for (const rest of choices(count, size - 1, i + 1)) yield new Set([i, ...rest]);
}

/**
 * A word's patients from a place on, with their rows (`columns` of the list w, which holds what a
 * search shows of each patient, migration 0015): one seek of the primary key and the rows after
 * it, archived patients passed over unless asked for; the patients table is not read.
 */
export const wordListSql = (columns: string, includeArchived: boolean) => `select w.sort_key as key, ${columns}, w.search_name as searchName
  from patient_words w
  where w.word = :word and (w.sort_key, w.patient_id) >= (:key, :id) ${includeArchived ? '' : 'and w.archived_at is null'}
  order by w.sort_key, w.patient_id limit :n`;

/** The patients having a word longer than `:word` that starts with it, from a place on (a prefix of 1 to `shortPrefix` characters, migration 0014). */
export const prefixListSql = (columns: string, includeArchived: boolean) =>
  wordListSql(columns, includeArchived).replace('from patient_words w', 'from patient_prefixes w').replace('where w.word = :word', 'where w.prefix = :word');

/** The longest prefix `patient_prefixes` keeps, in characters. */
const shortPrefix = 3;

/** The distinct words after `:word` and before `:hi`, one seek each. */
export const longerWordsSql = `with recursive next(word) as (
    select (select word from patient_words where word > :word and word < :hi order by word limit 1)
    union all
    select (select p.word from patient_words p where p.word > next.word and p.word < :hi order by p.word limit 1) from next where next.word is not null)
  select word from next where word is not null`;

/**
 * The name search giving rows of `columns` of a list w (patient_words or patient_prefixes), which
 * name `w.patient_id` as `id`. A prefix of more than `widest` words is checked on the patients the
 * others give rather than read.
 */
export function patientWords<Row extends { id: number }>(sqlite: Database.Database, columns: string, widest = 8) {
  const longer = sqlite.prepare<[{ word: string; hi: string }], string>(longerWordsSql).pluck();
  // Each list's statements prepared when first needed: a file migrated no further than 0014 lacks
  // the columns they read (and one before 0014 the prefixes' table), and it may still be opened.
  const preparedOnce = (list: typeof wordListSql) => {
    const held: Statements<Row>[] = [];
    return (includeArchived: boolean) =>
      (held[includeArchived ? 1 : 0] ??= {
        from: sqlite.prepare<[{ word: string; key: string; id: number; n: number }], Listed<Row>>(list(columns, includeArchived)),
        longer,
      });
  };
  const worded = preparedOnce(wordListSql);
  const prefixed = preparedOnce(prefixListSql);

  /**
   * The first `limit` patients having every word typed as the start of a word of their names,
   * those with more whole words first, then in name order.
   */
  return (words: readonly string[], limit: number, includeArchived: boolean): Row[] => {
    const chosen = worded(includeArchived);
    const exact = words.map((w) => new AnyOf([new WordList(chosen, w)]));
    // Words longer than the one typed: a patient counted as not having it whole has one of these.
    // Read only when a search goes past the patients having every word whole.
    const longerLists: AnyOf<Row>[] = [];
    // A short prefix starts many words (hundreds for "ma"): its own list holds their patients, in order.
    const longer = (i: number) =>
      (longerLists[i] ??= new AnyOf(
        [...words[i]!].length <= shortPrefix
          ? [new WordList(prefixed(includeArchived), words[i]!)]
          : chosen.longer.all({ word: words[i]!, hi: `${words[i]!}\u{10ffff}` }).map((word) => new WordList(chosen, word)),
      ));
    const found: Row[] = [];
    const seen = new Set<number>();
    for (let whole = words.length; whole >= 0 && found.length < limit; whole--) {
      // Each choice of which words are whole gives its patients in name order; merged, then cut.
      const group: Listed<Row>[] = [];
      for (const wholeWords of choices(words.length, whole)) {
        const lists = words.map((_, i) => (wholeWords.has(i) ? exact[i]! : longer(i)));
        if (lists.some((list) => list.width === 0)) continue;
        // A prefix of many words (a letter or two) costs a read of each at every leap: the
        // others lead, and the patients they give are checked for it.
        const narrow = lists.filter((list) => list.width <= widest);
        const leading = narrow.length > 0 ? narrow : [lists.reduce((a, b) => (b.width < a.width ? b : a))];
        let taken = 0;
        for (const listed of intersection(leading, limit - found.length)) {
          if (seen.has(listed.id)) continue;
          const name = ` ${listed.searchName} `;
          if (!words.every((w) => name.includes(` ${w}`)) || words.filter((w) => name.includes(` ${w} `)).length !== whole) continue;
          seen.add(listed.id);
          group.push(listed);
          if (++taken === limit - found.length) break;
        }
      }
      group.sort(compare);
      found.push(...group.slice(0, limit - found.length));
    }
    return found;
  };
}
