/**
 * Practice statistics for a practice manager: a period (a preset or two days), the figures
 * of `statistics.md` for it as headline numbers, a chart of treatments by month and tables,
 * and the period's treatments exported as CSV or XLSX. Every figure comes from the one
 * summary the exports and the command line show too.
 */
import { Alert, Divider, Group, Loader, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { ExportPanel } from '../components/stats/ExportPanel';
import { HeadlineFigures } from '../components/stats/HeadlineFigures';
import { KindPatterns } from '../components/stats/kindFills';
import { PeriodPicker } from '../components/stats/PeriodPicker';
import { StatsSection } from '../components/stats/StatsSection';
import {
  FollowUpAdherence,
  OutcomesTable,
  PresentationsBySiteTable,
  PresentationsByTypeTable,
  ProcedureCodesTable,
  TreatmentsByClinicianTable,
  TreatmentsByKindTable,
} from '../components/stats/StatsTables';
import { TreatmentsByMonth } from '../components/stats/TreatmentsByMonth';
import classes from '../components/stats/statistics.module.css';
import { fewThreshold } from '../components/stats/figures';
import { formatDate, todayIso } from '../lib/dates';
import { formatPeriod, isValidRange, periodPresets, presetRange, rangeProblems, type DayRange, type PeriodChoice, type PresetId } from '../lib/periods';

/** Twelve whole months (the first preset): a bar for each, whatever the day it is opened on. */
const defaultChoice: PresetId = periodPresets[0].id;

/** How long typing in a custom day may pause before the figures are asked for. */
const typingPauseMs = 400;

export function StatsScreen() {
  useDocumentTitle('Statistics · Milia Notes');
  const today = todayIso();
  const [choice, setChoice] = useState<PeriodChoice>(defaultChoice);
  const [custom, setCustom] = useState<DayRange>(() => presetRange(defaultChoice, today));
  // The custom range as last settled: a date typed digit by digit passes through odd years.
  const [settledCustom, setSettledCustom] = useState<DayRange>(custom);
  useEffect(() => {
    const timer = setTimeout(() => setSettledCustom(custom), typingPauseMs);
    return () => clearTimeout(timer);
  }, [custom]);

  const customProblems = rangeProblems(settledCustom);
  const range: DayRange | null = choice === 'custom' ? (isValidRange(settledCustom) ? settledCustom : null) : presetRange(choice, today);

  const choose = (next: PeriodChoice) => {
    // A custom range starts from the period shown, to be adjusted.
    if (next === 'custom' && choice !== 'custom') {
      const shown = presetRange(choice, today);
      setCustom(shown);
      setSettledCustom(shown);
    }
    setChoice(next);
  };

  return (
    <Stack gap="md">
      <KindPatterns />
      <Title order={2}>Statistics</Title>
      <Paper withBorder p="md">
        <Stack gap="md">
          <PeriodPicker choice={choice} onChoose={choose} custom={custom} onCustomChange={setCustom} problems={choice === 'custom' ? customProblems : {}} />
          <Divider />
          <ExportPanel
            range={range}
            asOf={today}
            lead={
              <div>
                <Text size="lg" fw={700} aria-live="polite" data-testid="period-in-words">
                  {range ? formatPeriod(range) : 'No valid period chosen'}
                </Text>
                <Text size="sm" c="dimmed">
                  Overdue follow-ups as of {formatDate(today)}
                </Text>
              </div>
            }
          />
        </Stack>
      </Paper>
      {range === null ? <Text c="dimmed">Correct the custom range above to see its figures.</Text> : <Figures range={range} asOf={today} />}
    </Stack>
  );
}

function Figures({ range, asOf }: { range: DayRange; asOf: string }) {
  const summary = useApiQuery('stats.summary', { ...range, asOf }, { placeholderData: keepPreviousData });

  if (summary.isPending) return <Loading label="Counting the period's figures…" />;
  if (summary.isError) return <LoadFailure title="The statistics could not be loaded" error={summary.error} onRetry={() => void summary.refetch()} />;

  const data = summary.data;
  // While another period is counted the last one stays up, said to be the last one.
  const periodText = formatPeriod(data.period);
  const stale = summary.isPlaceholderData;
  const empty = data.visits === 0 && data.followUps.scheduled + data.followUps.completed + data.followUps.missed + data.followUps.cancelled === 0;

  return (
    <Stack gap="md" aria-busy={stale} className={stale ? classes.stale : undefined}>
      {stale && (
        <Group gap={6} role="status">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Counting {formatPeriod(range)}; the figures below are still those of {periodText}.
          </Text>
        </Group>
      )}
      <section aria-labelledby="stats-headline">
        <VisuallyHidden>
          <h3 id="stats-headline">Headline figures</h3>
        </VisuallyHidden>
        <HeadlineFigures summary={data} />
      </section>
      {empty ? (
        <Alert color="gray" variant="light" title="Nothing recorded in this period">
          No visits and no follow-ups due between {periodText}. Choose another period.
        </Alert>
      ) : (
        <div className={classes.sections}>
          <StatsSection className={classes.wide} title="Treatments by month" description="Each bar is a month of the period, stacked by treatment kind.">
            <TreatmentsByMonth summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection title="Treatments by kind" description="Treatments, lesions treated and distinct patients for each kind.">
            <TreatmentsByKindTable summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection title="Follow-up adherence" description="Follow-ups due in the period. Kept: completed, of those completed or missed.">
            <FollowUpAdherence summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection
            className={classes.wide}
            title="Outcomes by treatment kind"
            description={`Completed follow-ups of the period's visits, under every kind each visit had. Rates from fewer than ${fewThreshold} follow-ups are marked.`}
          >
            <OutcomesTable summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection className={classes.wide} title="Treatments by clinician" description="By who performed each treatment.">
            <TreatmentsByClinicianTable summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection title="Procedure codes" description="Visits per code, once per visit.">
            <ProcedureCodesTable summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection title="Presentations by type" description={`Red-flagged presentations: ${data.redFlagged}.`}>
            <PresentationsByTypeTable summary={data} periodText={periodText} />
          </StatsSection>
          <StatsSection title="Presentations by site" description="Both sides together.">
            <PresentationsBySiteTable summary={data} periodText={periodText} />
          </StatsSection>
        </div>
      )}
    </Stack>
  );
}
