/**
 * Search results as a listbox driven from the search box (the combobox pattern: the focus
 * stays in the box and the active option is announced through aria-activedescendant; the
 * list takes the same keys if it is given the focus). Virtualised, so a long result list
 * costs no more than the rows on screen; each option still tells its position and the total,
 * since most of them are not in the page at any moment.
 */
import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PatientSummary } from '@shared/types';
import { sexes } from '@shared/vocabulary';
import { PatientName } from './PersonName';
import { ageOn, formatDate } from '../lib/dates';
import classes from './PatientListbox.module.css';

const rowHeight = 52;

export const optionId = (listId: string, patientId: number): string => `${listId}-patient-${patientId}`;

interface PatientListboxProps {
  id: string;
  patients: readonly PatientSummary[];
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(patient: PatientSummary): void;
  /** The search box's keys, so that the list works the same when it has the focus. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

export function PatientListbox({ id, patients, activeIndex, onActiveIndexChange, onOpen, onKeyDown }: PatientListboxProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: patients.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });

  // The active option must be in the page for aria-activedescendant to point at it.
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  return (
    <div className={classes.frame}>
      <div className={classes.header} aria-hidden="true">
        <span>Name</span>
        <span>Born</span>
        <span>MRN</span>
        <span>Sex</span>
      </div>
      {/* Focusable too: a list that scrolls must be reachable without a mouse. */}
      <div
        ref={scrollRef}
        id={id}
        role="listbox"
        aria-label="Patients found"
        aria-activedescendant={activeIndex >= 0 ? optionId(id, patients[activeIndex]!.id) : undefined}
        tabIndex={0}
        className={classes.scroll}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" className={classes.sizer} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const patient = patients[row.index]!;
            const active = row.index === activeIndex;
            return (
              <div
                key={patient.id}
                id={optionId(id, patient.id)}
                role="option"
                aria-selected={active}
                aria-posinset={row.index + 1}
                aria-setsize={patients.length}
                className={classes.option}
                data-active={active || undefined}
                style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                onMouseMove={() => !active && onActiveIndexChange(row.index)}
                onClick={() => onOpen(patient)}
              >
                <Text span fw={600} truncate>
                  <PatientName patient={patient} />
                  {patient.archived && (
                    <Badge color="gray" size="xs" ml="xs" variant="outline">
                      Archived
                    </Badge>
                  )}
                </Text>
                <Text span size="sm">
                  {formatDate(patient.dateOfBirth)}{' '}
                  <Text span c="dimmed" size="sm">
                    ({ageOn(patient.dateOfBirth)})
                  </Text>
                </Text>
                <Text span size="sm" ff="monospace">
                  {patient.mrn}
                </Text>
                <Text span size="sm">
                  {sexes.label(patient.sex)}
                </Text>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
