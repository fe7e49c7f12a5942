/**
 * The table every work list shares (follow-ups, review, to sign): columns sorted by their
 * header (`aria-sort` says which, and which way), and, where the list has bulk actions, a
 * checkbox on every row with a toolbar over the selection. A click selects one row; a
 * shift-click, or Shift+Space on a row's checkbox, selects the range from the last row
 * chosen; Space on a checkbox toggles its row, as any checkbox does. The selection counts only
 * the rows shown, so a filter never lets an action reach a row out of sight.
 *
 * A row costs about a dozen components, and a list holds up to 500: the first screenful is
 * drawn at once and the rest just after, in a render the page can interrupt, so the menu and
 * the tabs never wait for the last row; and a row is drawn again only when it changes, so a
 * checkbox redraws its own row, not the list.
 */
import { Checkbox, Group, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { memo, useCallback, useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useLatest } from '../../lib/useLatest';
import classes from './workTable.module.css';

type Key = string | number;

export interface WorkColumn<T> {
  key: string;
  /** The header's words; also the sort button's name. */
  header: string;
  /** Shown only to screen readers (a column of buttons). */
  headerHidden?: boolean;
  /** Orders two rows for an ascending sort; a column without one is not sortable. */
  compare?(a: T, b: T): number;
  /** The cell's content; `rowId` is unique to the row on the page, for ids the cells refer to. */
  cell(item: T, rowId: string): ReactNode;
  className?: string;
}

export interface SortState {
  key: string;
  direction: 'ascending' | 'descending';
}

export interface WorkSelection<T> {
  /** The row's name for its checkbox: "Select HALVORSEN, Ingrid, due 16 Nov 2026". */
  rowName(item: T): string;
  /** The bulk actions over the selected rows, in the order shown; `clear` empties the selection. */
  toolbar(selected: T[], clear: () => void): ReactNode;
}

interface WorkTableProps<T> {
  items: readonly T[];
  rowKey(item: T): Key;
  columns: ReadonlyArray<WorkColumn<T>>;
  /** The table's accessible name. */
  label: string;
  defaultSort?: SortState;
  selection?: WorkSelection<T>;
  minWidth?: number;
}

/** The rows drawn with the table itself; the rest follow in a render of their own. */
const firstRows = 25;

export function WorkTable<T>({ items, rowKey, columns, label, defaultSort, selection, minWidth = 760 }: WorkTableProps<T>) {
  const tableId = useId();
  const [sort, setSort] = useState<SortState | undefined>(defaultSort);
  const [chosen, setChosen] = useState<ReadonlySet<Key>>(new Set());
  // The row a range starts from: the last one clicked or toggled.
  const anchor = useRef<Key | null>(null);

  const rows = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    if (!sort || !column?.compare) return items;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    // Stable: rows that compare equal keep the service's order.
    return [...items].sort((a, b) => sign * column.compare!(a, b));
  }, [items, columns, sort]);

  const shown = rows.filter((item) => chosen.has(rowKey(item)));
  const clear = () => setChosen(new Set());

  // The row handlers read the latest rows through a ref, so that they stay the same function
  // and a memoised row is not drawn again for a new one.
  const latest = useLatest({ rows, rowKey });
  const toggle = useCallback((item: T, range: boolean) => {
    const { rows, rowKey } = latest.current;
    const key = rowKey(item);
    const from = range && anchor.current !== null ? rows.findIndex((r) => rowKey(r) === anchor.current) : -1;
    anchor.current = key;
    setChosen((chosen) => {
      const on = !chosen.has(key);
      const next = new Set(chosen);
      if (from >= 0) {
        const to = rows.findIndex((r) => rowKey(r) === key);
        for (const r of rows.slice(Math.min(from, to), Math.max(from, to) + 1)) {
          if (on) next.add(rowKey(r));
          else next.delete(rowKey(r));
        }
      } else if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const toggleAll = () => setChosen(shown.length === rows.length ? new Set() : new Set(rows.map(rowKey)));

  // A short list is drawn whole at once, as it always was; a long one grows from its first rows.
  const atOnce = Math.min(rows.length, firstRows);
  const deferred = useDeferredValue(rows.length, atOnce);
  const drawn = Math.max(deferred, atOnce);

  const sortBy = (key: string) =>
    setSort((current) => ({ key, direction: current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' }));

  return (
    <>
      {selection && (
        <Group gap="sm" className={classes.toolbar} role="group" aria-label={`With the selected rows of ${label}`} wrap="wrap" align="flex-start">
          <Text size="sm" fw={600} aria-live="polite" py={4}>
            {shown.length === 0 ? 'None selected' : `${shown.length} selected`}
          </Text>
          {selection.toolbar(shown, clear)}
        </Group>
      )}
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="xs" horizontalSpacing="xs" fz="sm" aria-label={label} className={classes.table}>
          <Table.Thead>
            <Table.Tr>
              {selection && (
                <Table.Th scope="col" className={classes.select}>
                  <Checkbox
                    aria-label={`Select all ${rows.length} shown`}
                    checked={rows.length > 0 && shown.length === rows.length}
                    indeterminate={shown.length > 0 && shown.length < rows.length}
                    onChange={toggleAll}
                  />
                </Table.Th>
              )}
              {columns.map((c) => (
                <Table.Th key={c.key} scope="col" className={c.className} aria-sort={c.compare ? (sort?.key === c.key ? sort.direction : 'none') : undefined}>
                  {c.compare ? (
                    <UnstyledButton className={classes.sort} onClick={() => sortBy(c.key)}>
                      {c.header}
                      <span className={classes.arrow} aria-hidden>
                        {sort?.key !== c.key ? '↕' : sort.direction === 'ascending' ? '▲' : '▼'}
                      </span>
                    </UnstyledButton>
                  ) : c.headerHidden ? (
                    <VisuallyHidden>{c.header}</VisuallyHidden>
                  ) : (
                    c.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, drawn).map((item) => {
              const key = rowKey(item);
              return (
                <WorkRow
                  key={key}
                  item={item}
                  rowId={`${tableId}-${key}`}
                  selected={chosen.has(key)}
                  columns={columns}
                  rowName={selection?.rowName}
                  onToggle={toggle}
                />
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

interface WorkRowProps<T> {
  item: T;
  rowId: string;
  selected: boolean;
  columns: ReadonlyArray<WorkColumn<T>>;
  /** With the bulk actions: the row's name for its checkbox. */
  rowName: ((item: T) => string) | undefined;
  onToggle(item: T, range: boolean): void;
}

/** One row; memoised, so that it is drawn again only when its item, its selection or the columns change. */
const WorkRow = memo(function WorkRow<T>({ item, rowId, selected, columns, rowName, onToggle }: WorkRowProps<T>) {
  // Shift+Space reaches the checkbox as a plain click; the key handler marks it as a range.
  const rangeByKey = useRef(false);
  return (
    <Table.Tr className={selected ? classes.selected : undefined}>
      {rowName && (
        <Table.Td>
          <Checkbox
            aria-label={`Select ${rowName(item)}`}
            checked={selected}
            onChange={() => undefined}
            onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
              if (event.key === ' ') rangeByKey.current = event.shiftKey;
            }}
            onClick={(event: MouseEvent<HTMLInputElement>) => {
              onToggle(item, event.shiftKey || rangeByKey.current);
              rangeByKey.current = false;
            }}
          />
        </Table.Td>
      )}
      {columns.map((c) => (
        <Table.Td key={c.key} className={c.className}>
          {c.cell(item, rowId)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}) as <T>(props: WorkRowProps<T>) => ReactNode;
