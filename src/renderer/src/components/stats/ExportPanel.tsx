/**
 * Exporting the period's treatments as CSV or XLSX. The main process writes the file in
 * slices while this polls its job for progress, so a ten-year export shows a real bar and
 * the screen stays usable meanwhile (the figures can be read, the period changed). The
 * desktop app asks where to save first (closing that dialog starts nothing) and says where
 * the file went; the browser mode downloads it from the address the job gives.
 */
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExportFormat } from '@shared/stats';
import { call } from '../../api';
import { download } from '../../lib/download';
import { failureMessage } from '../../lib/messages';
import { formatPeriod, type DayRange } from '../../lib/periods';
import { noteSessionFailure } from '../../session/queryClient';
import { formatCount, formatSize } from './figures';

/** How often a running export is asked how far it is. */
const pollMs = 250;

const formatNames: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX' };

type ExportState =
  | { step: 'idle' }
  | { step: 'starting'; format: ExportFormat; period: string }
  | { step: 'running'; format: ExportFormat; period: string; done: number; total: number }
  | { step: 'done'; format: ExportFormat; period: string; rows: number; fileName: string; size: number; savedTo: string | null; downloaded: boolean }
  | { step: 'failed'; format: ExportFormat; message: string };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ExportPanelProps {
  /** The period to export, or null while the one chosen is not valid. */
  range: DayRange | null;
  asOf: string;
  /** What goes before the buttons on their line: the period in words. */
  lead: ReactNode;
}

export function ExportPanel({ range, asOf, lead }: ExportPanelProps) {
  const [state, setState] = useState<ExportState>({ step: 'idle' });
  // Leaving the screen stops the polling; the export itself finishes on its own.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const busy = state.step === 'starting' || state.step === 'running';

  async function run(format: ExportFormat): Promise<void> {
    if (!range) return;
    const period = formatPeriod(range);
    setState({ step: 'starting', format, period });
    try {
      const { job } = await call('stats.export', { ...range, asOf, format });
      if (!mounted.current) return;
      // The save dialog was closed: nothing was asked for, so nothing is said.
      if (job === null) return setState({ step: 'idle' });
      for (;;) {
        const status = await call('stats.exportStatus', { job });
        if (!mounted.current) return;
        if (status.state === 'failed') return setState({ step: 'failed', format, message: status.message });
        if (status.state === 'done') {
          // The address downloads once: another copy is another export.
          if (status.url !== null) download(status.url, status.fileName);
          const downloaded = status.url !== null;
          return setState({
            step: 'done',
            format,
            period,
            rows: status.rows,
            fileName: status.fileName,
            size: status.size,
            savedTo: status.savedTo,
            downloaded,
          });
        }
        setState({ step: 'running', format, period, done: status.done, total: status.total });
        await wait(pollMs);
        if (!mounted.current) return;
      }
    } catch (error) {
      noteSessionFailure(error);
      if (mounted.current) setState({ step: 'failed', format, message: failureMessage(error) });
    }
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="center" gap="md">
        {lead}
        <Group gap="sm">
          {(['csv', 'xlsx'] as const).map((format) => (
            <Button
              key={format}
              variant="default"
              size="sm"
              onClick={() => void run(format)}
              disabled={range === null || busy}
              loading={busy && state.format === format}
            >
              Export {formatNames[format]}
            </Button>
          ))}
        </Group>
      </Group>
      <ExportStatus state={state} />
    </Stack>
  );
}

function ExportStatus({ state }: { state: ExportState }) {
  switch (state.step) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <Text size="sm" role="status">
          Starting the {formatNames[state.format]} export of {state.period}…
        </Text>
      );
    case 'running': {
      const value = state.total === 0 ? 100 : (state.done / state.total) * 100;
      return (
        <Stack gap={4}>
          <Progress value={value} aria-label={`Exporting ${formatNames[state.format]}`} animated maw={420} />
          <Text size="sm" aria-live="polite">
            Exporting {state.period} as {formatNames[state.format]}: {formatCount(state.done)} of {formatCount(state.total)} rows written…
          </Text>
        </Stack>
      );
    }
    case 'done': {
      const what = `${formatNames[state.format]} of ${state.period}, ${formatCount(state.rows)} ${state.rows === 1 ? 'treatment' : 'treatments'}, ${formatSize(state.size)}`;
      return (
        <Text size="sm" role="status">
          {state.savedTo !== null ? (
            <>
              Saved to <bdi>{state.savedTo}</bdi> ({what}).
            </>
          ) : state.downloaded ? (
            <>
              Downloading <bdi>{state.fileName}</bdi> ({what}).
            </>
          ) : (
            `Exported (${what}).`
          )}
        </Text>
      );
    }
    case 'failed':
      return (
        <Alert color="red" variant="light" p="xs" role="alert" title={`The ${formatNames[state.format]} export failed`}>
          <Text size="sm">{state.message}</Text>
        </Alert>
      );
  }
}
