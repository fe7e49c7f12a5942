/**
 * Follow-ups to work through, one row each: who, when, after what, by whom, and the three
 * things a nurse does with one; sortable by patient, due date, visit and clinician, and
 * selectable for the bulk actions. Each action is described by its row's patient for screen
 * readers, since every row has the same buttons.
 */
import { Anchor, Button } from '@mantine/core';
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { WorklistItem } from '@shared/types';
import { treatmentKinds } from '@shared/vocabulary';
import { ageOn, formatDate } from '../../lib/dates';
import { countOf, patientName } from '../../lib/describe';
import { PatientName, PersonName } from '../PersonName';
import { useLatest } from '../../lib/useLatest';
import { useMay } from '../../session/context';
import { WorkTable, type WorkColumn } from '../lists/WorkTable';
import text from '../lists/cellText.module.css';
import classes from './worklist.module.css';

export type FollowUpAction = 'complete' | 'miss' | 'cancel';

interface FollowUpTableProps {
  items: readonly WorklistItem[];
  asOf: string;
  caption: string;
  onAction(item: WorklistItem, action: FollowUpAction): void;
  /** The bulk actions over the selected rows; without them the rows have no checkboxes. */
  toolbar?(selected: WorklistItem[], clear: () => void): ReactNode;
}

const byText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });

/** A row's checkbox names it: "Select HALVORSEN, Ingrid, due 16 Nov 2026". */
const rowName = (item: WorklistItem) => `${patientName(item.patient)}, due ${formatDate(item.followUp.dueDate)}`;

export function FollowUpTable({ items, asOf, caption, onAction, toolbar }: FollowUpTableProps) {
  // A practice manager's list has no clinical reason, and nothing to act on.
  const can = useMay();
  const clinical = can('charts.read');
  const acts = can('followUps.record');
  // The buttons call the latest handler through a ref: the columns, and so the memoised rows,
  // stay the same across the screen's renders.
  const act = useLatest(onAction);
  const columns = useMemo(() => followUpColumns(asOf, clinical, acts, (item, action) => act.current(item, action)), [asOf, clinical, acts]);
  return (
    <WorkTable
      items={items}
      rowKey={followUpKey}
      columns={columns}
      label={caption}
      defaultSort={{ key: 'due', direction: 'ascending' }}
      selection={toolbar && { rowName, toolbar }}
    />
  );
}

const followUpKey = (item: WorklistItem) => item.followUp.id;

/** The list's columns: the reason only for clinical staff, the buttons only for those who record outcomes. */
function followUpColumns(asOf: string, clinical: boolean, acts: boolean, onAction: (item: WorklistItem, action: FollowUpAction) => void) {
  const columns: Array<WorkColumn<WorklistItem>> = [
    {
      key: 'patient',
      header: 'Patient',
      className: classes.patient,
      compare: (a, b) => byText(patientName(a.patient), patientName(b.patient)),
      cell: (item, rowId) => <PatientCell item={item} nameId={`${rowId}-patient`} clinical={clinical} />,
    },
    {
      key: 'due',
      header: 'Due',
      className: classes.date,
      compare: (a, b) => byText(a.followUp.dueDate, b.followUp.dueDate),
      cell: (item) => (
        <>
          <p className={text.sm}>{formatDate(item.followUp.dueDate)}</p>
          <DueWhen dueDate={item.followUp.dueDate} asOf={asOf} />
        </>
      ),
    },
    {
      key: 'visit',
      header: 'After the visit of',
      compare: (a, b) => byText(a.visitDate, b.visitDate),
      cell: (item) => (
        <>
          <p className={`${text.sm} ${classes.date}`}>{formatDate(item.visitDate)}</p>
          <p className={text.xs}>{item.kinds.length > 0 ? item.kinds.map(treatmentKinds.label).join(', ') : 'No treatment recorded'}</p>
        </>
      ),
    },
    {
      key: 'clinician',
      header: 'Clinician',
      compare: (a, b) => byText(a.clinicianName, b.clinicianName),
      cell: (item) => <PersonName name={item.clinicianName} />,
    },
  ];
  if (clinical) {
    columns.push({
      key: 'reason',
      header: 'Reason',
      className: classes.reason,
      cell: (item) => item.followUp.reason || <span className={classes.dimmed}>—</span>,
    });
  }
  if (acts) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      headerHidden: true,
      cell: (item, rowId) => (
        <div className={classes.actions}>
          <Button size="xs" onClick={() => onAction(item, 'complete')} aria-describedby={`${rowId}-patient`}>
            Complete
          </Button>
          <Button size="xs" variant="default" onClick={() => onAction(item, 'miss')} aria-describedby={`${rowId}-patient`}>
            Missed
          </Button>
          <Button size="xs" variant="subtle" color="gray" onClick={() => onAction(item, 'cancel')} aria-describedby={`${rowId}-patient`}>
            Cancel follow-up
          </Button>
        </div>
      ),
    });
  }
  return columns;
}

function PatientCell({ item, nameId, clinical }: { item: WorklistItem; nameId: string; clinical: boolean }) {
  const { patient } = item;
  return (
    <div className={classes.stack}>
      <p className={text.name} id={nameId}>
        <PatientName patient={patient} />
      </p>
      <p className={text.detail}>
        MRN <span className={classes.mono}>{patient.mrn}</span> · born <span className={classes.date}>{formatDate(patient.dateOfBirth)}</span> (
        {ageOn(patient.dateOfBirth)})
      </p>
      {clinical && (
        <Anchor component={Link} to={`/patients/${patient.id}`} size="xs" aria-describedby={nameId} className={classes.chartLink}>
          Open chart
        </Anchor>
      )}
    </div>
  );
}

/** `5 days overdue`, `today`, `in 3 days`: how the due date stands against the list's day. */
function DueWhen({ dueDate, asOf }: { dueDate: string; asOf: string }) {
  const days = differenceInCalendarDays(parseISO(asOf), parseISO(dueDate));
  if (days > 0) return <p className={classes.overdue}>{countOf(days, 'day')} overdue</p>;
  return <p className={text.detail}>{days === 0 ? 'today' : `in ${countOf(-days, 'day')}`}</p>;
}
