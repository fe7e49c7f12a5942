/**
 * A name search over `patient_words` (migration 0011) that reads what it gives, not every
 * match. Each word's patients are held in the search's order (family then given name without
 * case, then id), so the patients having a word, or any word of a prefix, come out of the
 * index already sorted; the patients having all the words typed are the intersection of those
 * sorted lists, found by leapfrogging (each list seeks the next candidate of the others). The
 * order of the results is: more words typed that are whole words of the name first, then by
 * name; each count is one intersection per choice of which words are whole, read only as far
 * as the limit. The cost follows the limit and the distinct words of a prefix (the practice's
 * vocabulary), not the number of patients.
 */
import type Database from 'better-sqlite3';

/** A place in a word's list: the patient's sort key and id, unique per patient. */
interface Place {
  key: string;
  id: number;
}

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

interface Statements {
  from: Database.Statement<[{ word: string; key: string; id: number; n: number }], Place>;
  longer: Database.Statement<[{ word: string; hi: string }], string>;
}

/** One word's patients in order, read from the index in growing batches as the search moves on. */
class WordList {
  private rows: Place[] = [];
  private at = 0;
  /** Where the rows held start (the target they were read from) and whether they run to the word's end. */
  private from: Place | undefined;
  private done = false;
  private batch = 4;

  constructor(
    private readonly statements: Statements,
    private readonly word: string,
  ) {}

  /** The first place at or after `target`, or undefined when the word has none. */
  seek(target: Place): Place | undefined {
    // A search goes forward within one intersection and starts over for the next.
    if (!this.from || compare(target, this.from) < 0) return this.read(target);
    if (this.at > 0 && compare(this.rows[this.at - 1]!, target) >= 0) this.at = 0;
    while (this.at < this.rows.length && compare(this.rows[this.at]!, target) < 0) this.at++;
    if (this.at < this.rows.length || this.done) return this.rows[this.at];
    return this.read(target);
  }

  private read(target: Place): Place | undefined {
    this.rows = this.statements.from.all({ word: this.word, key: target.key, id: target.id, n: this.batch });
    this.from = target;
    this.at = 0;
    this.done = this.rows.length < this.batch;
    this.batch = Math.min(this.batch * 4, 256);
    return this.rows[0];
  }
}

/** The patients having any of several words (the longer words of a prefix), merged in order. */
class AnyOf {
  constructor(private readonly lists: readonly WordList[]) {}

  seek(target: Place): Place | undefined {
    let best: Place | undefined;
    for (const list of this.lists) {
      const found = list.seek(target);
      if (found && (!best || compare(found, best) < 0)) best = found;
    }
    return best;
  }
}

const first: Place = { key: '', id: 0 };

/** The places every list holds, in order: each list seeks the furthest candidate until all agree. */
function* intersection(lists: readonly AnyOf[]): Generator<Place> {
  let target = first;
  for (;;) {
    let agreed = 0;
    for (let i = 0; agreed < lists.length; i = (i + 1) % lists.length) {
      const found = lists[i]!.seek(target);
      if (!found) return;
      if (compare(found, target) === 0) agreed++;
      else {
        target = found;
        agreed = 1;
      }
    }
    yield target;
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

/** What the caller checks of a candidate: undefined when it is not one (archived), else its folded name. */
export type Candidate<Row> = (id: number) => { row: Row; searchName: string } | undefined;

/** A word's patients from a place on, in order: one seek of the primary key. */
export const wordListSql = `select sort_key as key, patient_id as id from patient_words
  where word = :word and (sort_key, patient_id) >= (:key, :id) order by sort_key, patient_id limit :n`;

/** The distinct words after `:word` and before `:hi`, one seek each. */
export const longerWordsSql = `with recursive next(word) as (
    select (select word from patient_words where word > :word and word < :hi order by word limit 1)
    union all
    select (select p.word from patient_words p where p.word > next.word and p.word < :hi order by p.word limit 1) from next where next.word is not null)
  select word from next where word is not null`;

export function patientWords(sqlite: Database.Database) {
  const statements: Statements = {
    from: sqlite.prepare<[{ word: string; key: string; id: number; n: number }], Place>(wordListSql),
    longer: sqlite.prepare<[{ word: string; hi: string }], string>(longerWordsSql).pluck(),
  };

  /**
   * The first `limit` patients having every word typed as the start of a word of their names,
   * those with more whole words first, then in name order. `candidate` reads a patient and
   * says whether it may be shown.
   */
  return <Row>(words: readonly string[], limit: number, candidate: Candidate<Row>): Row[] => {
    const exact = words.map((w) => new AnyOf([new WordList(statements, w)]));
    // Words longer than the one typed: a patient counted as not having it whole has one of these.
    const longer = words.map((w) => new AnyOf(statements.longer.all({ word: w, hi: `${w}\u{10ffff}` }).map((word) => new WordList(statements, word))));
    const found: Row[] = [];
    const seen = new Set<number>();
    for (let whole = words.length; whole >= 0 && found.length < limit; whole--) {
      // Each choice of which words are whole gives its patients in name order; merged, then cut.
      const group: { place: Place; row: Row }[] = [];
      for (const chosen of choices(words.length, whole)) {
        let taken = 0;
        for (const place of intersection(words.map((_, i) => (chosen.has(i) ? exact[i]! : longer[i]!)))) {
          if (seen.has(place.id)) continue;
          const read = candidate(place.id);
          if (!read) continue;
          const name = ` ${read.searchName} `;
          if (words.filter((w) => name.includes(` ${w} `)).length !== whole) continue;
          seen.add(place.id);
          group.push({ place, row: read.row });
          if (++taken === limit - found.length) break;
        }
      }
      group.sort((a, b) => compare(a.place, b.place));
      found.push(...group.slice(0, limit - found.length).map((g) => g.row));
    }
    return found;
  };
}
