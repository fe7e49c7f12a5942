/**
 * Settings → Record: where this workstation's record is, "this computer" (the file and its
 * path) or "the practice server" (its address, never the password), and, where the surface
 * can keep it (the desktop app) for an administrator, the choice for the next start: the
 * server's name, port, database, database user, TLS mode and CA certificate, and the database
 * password, which goes to the system's secret store and never comes back to the screen.
 * "Test connection" connects once with what is typed and says the server's version or what is
 * wrong; keeping the choice tests it first. A change takes effect when the app is restarted,
 * which "Restart now" does at once (other screens' unsaved visits are kept as drafts to resume).
 * Where the record is fixed (the browser mode, started on a file or a server), the form only
 * tests a server, and says why nothing can be kept.
 */
import { Alert, Button, Fieldset, Group, NativeSelect, PasswordInput, Radio, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { fieldIssues, type FieldIssue } from '@shared/errors';
import {
  defaultServerPort,
  RecordConnectionInput,
  sslModeLabels,
  sslModes,
  type ConnectionTest,
  type RecordConnection,
  type RecordInUse,
  type SslMode,
} from '@shared/recordConnection';
import { ApiFailure, useApiMutation, useApiQuery } from '../../api';
import { failureMessage, fieldError } from '../../lib/messages';
import { LoadFailure, Loading } from '../QueryStatus';
import classes from './settings.module.css';

interface RecordForm {
  connection: { mode: 'file' | 'server'; host: string; port: string; database: string; user: string; sslmode: SslMode; caCertificate: string };
  password: string;
}

const blank: RecordForm['connection'] = {
  mode: 'file',
  host: '',
  port: String(defaultServerPort),
  database: 'milia',
  user: 'milia',
  sslmode: 'verify-full',
  caCertificate: '',
};

function formOf(saved: RecordConnection | null, changeable: boolean): RecordForm {
  if (!saved || saved.mode === 'file') return { connection: { ...blank, mode: changeable ? 'file' : 'server' }, password: '' };
  return { connection: { ...saved, port: String(saved.port) }, password: '' };
}

/** What the form says, as the API takes it: a port as typed is a number only if it is one. */
function inputOf(values: RecordForm): unknown {
  const c = values.connection;
  if (c.mode === 'file') return { connection: { mode: 'file' } };
  const port = /^\d+$/.test(c.port.trim()) ? Number(c.port.trim()) : c.port;
  const password = values.password === '' ? undefined : values.password;
  return { connection: { ...c, port }, ...(password === undefined ? {} : { password }) };
}

export function RecordPanel() {
  const record = useApiQuery('record.get', {});
  return (
    <section aria-labelledby="record-heading" className={classes.section}>
      <Stack gap="sm">
        <Title order={3} id="record-heading" size="h4">
          Record
        </Title>
        {record.isPending ? (
          <Loading label="Loading where the record is…" />
        ) : record.isError ? (
          <LoadFailure title="Where the record is could not be read" error={record.error} onRetry={() => void record.refetch()} />
        ) : (
          <>
            <RecordInUseText state={record.data} />
            {!record.data.changeable.ok && (
              <Text size="sm" c="dimmed">
                {record.data.changeable.why}
              </Text>
            )}
            <RecordChoice state={record.data} />
          </>
        )}
      </Stack>
    </section>
  );
}

function RecordInUseText({ state }: { state: RecordInUse }) {
  const { current } = state;
  return current.mode === 'file' ? (
    <Text size="sm">
      In use: <strong>this computer</strong>, the file <bdi>{current.path}</bdi>.
    </Text>
  ) : (
    <Text size="sm">
      In use: <strong>the practice server</strong> <bdi>{current.address}</bdi>.
    </Text>
  );
}

function RecordChoice({ state }: { state: RecordInUse }) {
  const test = useApiMutation('record.test');
  const save = useApiMutation('record.save');
  const restart = useApiMutation('record.restart');
  const [outcome, setOutcome] = useState<
    { kind: 'tested'; result: ConnectionTest } | { kind: 'saved' } | { kind: 'restarting'; on: string } | { kind: 'failed'; message: string } | null
  >(null);
  const {
    register,
    watch,
    handleSubmit,
    setError,
    clearErrors,
    formState: { errors },
  } = useForm<RecordForm>({ defaultValues: formOf(state.saved, state.changeable.ok) });
  const changeable = state.changeable.ok;
  const mode = watch('connection.mode');

  /** The input checked here first, each fault shown at its field; null when one is wrong. */
  function checked(values: RecordForm): unknown {
    clearErrors();
    const input = inputOf(values);
    const parsed = RecordConnectionInput.safeParse(input);
    if (parsed.success) return input;
    showIssues(fieldIssues(parsed.error));
    return null;
  }

  function showIssues(issues: readonly FieldIssue[]): void {
    for (const issue of issues) setError(issue.path as Path<RecordForm>, { type: 'validate', message: issue.message });
  }

  function failed(error: unknown): void {
    if (error instanceof ApiFailure) showIssues(error.error.issues ?? []);
    setOutcome({ kind: 'failed', message: failureMessage(error) });
  }

  const runTest = async (values: RecordForm) => {
    setOutcome(null);
    const input = checked(values);
    if (input === null) return;
    try {
      setOutcome({ kind: 'tested', result: await test.mutateAsync(input as RecordConnectionInput) });
    } catch (error) {
      failed(error);
    }
  };

  const keep = async (values: RecordForm) => {
    setOutcome(null);
    const input = checked(values);
    if (input === null) return;
    try {
      await save.mutateAsync(input as RecordConnectionInput);
      setOutcome({ kind: 'saved' });
    } catch (error) {
      failed(error);
    }
  };

  const restartNow = async () => {
    try {
      setOutcome({ kind: 'restarting', on: (await restart.mutateAsync({})).restartingOn });
    } catch (error) {
      failed(error);
    }
  };

  const connectionError = (field: keyof RecordForm['connection'], label: string) => fieldError(errors.connection?.[field], label);

  return (
    <form
      noValidate
      aria-label={changeable ? 'Where the record is' : 'Test a practice server'}
      onSubmit={(event) => void handleSubmit(changeable ? keep : runTest)(event)}
    >
      <Stack gap="sm">
        {changeable && (
          <Fieldset legend="Where this computer finds the record, from the next start" variant="unstyled">
            <Stack gap={6} mt={6}>
              <Radio value="file" label="This computer (a single-room practice)" {...register('connection.mode')} />
              <Radio value="server" label="The practice server (every workstation on one record)" {...register('connection.mode')} />
            </Stack>
          </Fieldset>
        )}
        {mode === 'server' && (
          <Fieldset legend="The practice server">
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput
                  label="Server"
                  description="Its name or address, as IT gives it."
                  {...register('connection.host')}
                  error={connectionError('host', 'Server')}
                />
                <TextInput label="Port" inputMode="numeric" {...register('connection.port')} error={connectionError('port', 'Port')} />
                <TextInput label="Database" {...register('connection.database')} error={connectionError('database', 'Database')} />
                <TextInput label="Database user" {...register('connection.user')} error={connectionError('user', 'Database user')} />
              </SimpleGrid>
              <PasswordInput
                label="Database password"
                description={
                  !changeable
                    ? 'Used for this test only, and not kept.'
                    : state.passwordKept
                      ? 'A password is kept on this computer for the saved server; leave this empty to keep it.'
                      : "Kept in this computer's secret store (its keychain or keyring), never shown again."
                }
                autoComplete="new-password"
                {...register('password')}
                error={fieldError(errors.password, 'Database password')}
              />
              <NativeSelect
                label="TLS"
                data={sslModes.map((m) => ({ value: m, label: sslModeLabels[m] }))}
                {...register('connection.sslmode')}
                error={connectionError('sslmode', 'TLS')}
              />
              <Textarea
                label="CA certificate"
                description="The practice's CA certificate: the path of its file, or its text from -----BEGIN CERTIFICATE-----. Empty to trust the system's authorities."
                autosize
                minRows={2}
                maxRows={8}
                {...register('connection.caCertificate')}
                error={connectionError('caCertificate', 'CA certificate')}
              />
            </Stack>
          </Fieldset>
        )}
        {changeable && (
          <Text size="sm" c="dimmed">
            The change takes effect when Milia Notes is restarted. Users sign in to the app as before.
          </Text>
        )}
        <Group gap="sm">
          {mode === 'server' && (
            <Button variant="default" loading={test.isPending} onClick={() => void handleSubmit(runTest)()}>
              Test connection
            </Button>
          )}
          {changeable && (
            <Button type="submit" loading={save.isPending}>
              Keep for the next start
            </Button>
          )}
        </Group>
        {outcome?.kind === 'tested' &&
          (outcome.result.ok ? (
            <Alert color="green" variant="light" role="status" title="The practice server answered">
              <bdi>{outcome.result.address}</bdi> is PostgreSQL {outcome.result.serverVersion}.
            </Alert>
          ) : (
            <Alert color="red" variant="light" role="alert" title="The practice server could not be used">
              {outcome.result.message}
            </Alert>
          ))}
        {outcome?.kind === 'saved' && (
          <Alert color="green" variant="light" role="status" title="Kept for the next start">
            <Group justify="space-between" gap="sm">
              <span>Restart Milia Notes to use it.</span>
              <Button size="xs" variant="light" loading={restart.isPending} onClick={() => void restartNow()}>
                Restart now
              </Button>
            </Group>
          </Alert>
        )}
        {outcome?.kind === 'restarting' && (
          <Alert color="blue" variant="light" role="status" title="Restarting">
            Milia Notes is restarting on <bdi>{outcome.on}</bdi>. Sign in again when it is back.
          </Alert>
        )}
        {outcome?.kind === 'failed' && (
          <Alert color="red" variant="light" role="alert" title="Nothing was changed">
            {outcome.message}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
