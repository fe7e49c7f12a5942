/**
 * Writing an addendum to a signed visit: a correction or a later fact, signed by its author
 * as it is added, shown under the visit and never edited afterwards. While a presentation of
 * the visit waits for a decision (a visit signed on import carries none), the addendum can
 * record it: the presentation, the decision, and the note as its text.
 */
import { Alert, Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { undecided } from '@shared/decisions';
import { AddendumInput } from '@shared/schemas';
import type { Visit } from '@shared/types';
import { miliaTypes, reviewDecisions, siteLabel, type ReviewDecision } from '@shared/vocabulary';
import { useApiMutation } from '../../api';
import { failureMessage, fieldError } from '../../lib/messages';
import { notifySaved } from '../../lib/notify';
import { optionsOf } from '../../lib/selects';
import { useActor } from '../../session/context';
import { useUnsavedChanges } from '../../lib/unsaved';
import { PersonName } from '../PersonName';

const decisionOptions = optionsOf(reviewDecisions, 'No decision: a correction or later fact');

export function AddendumForm({ visit }: { visit: Visit }) {
  const actor = useActor();
  const add = useApiMutation('visits.addAddendum');
  const waiting = visit.presentations.flatMap((p, i) => (undecided(p) ? [{ number: i + 1, p }] : []));
  const [text, setText] = useState('');
  const [presentation, setPresentation] = useState(String(waiting[0]?.number ?? ''));
  const [decision, setDecision] = useState<ReviewDecision | ''>('');
  const [problem, setProblem] = useState<string | undefined>();
  useUnsavedChanges(text.trim() !== '' || decision !== '');
  const chosen = waiting.find((w) => String(w.number) === presentation) ?? waiting[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { visitId: visit.id, text, ...(decision !== '' && chosen && { decision: { presentation: chosen.number, decision } }) };
    const parsed = AddendumInput.safeParse(input);
    const issue = parsed.error?.issues.find((i) => i.path[0] === 'text');
    setProblem(fieldError(issue, decision === '' ? 'The addendum' : 'The note'));
    if (!parsed.success) return;
    add.mutate(parsed.data, {
      onSuccess: () => {
        setText('');
        setDecision('');
        notifySaved(parsed.data.decision ? 'Decision recorded in a signed addendum.' : 'Addendum added and signed.');
      },
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="addendum-title">
      <Stack gap="sm">
        <Text fw={600} id="addendum-title">
          Add addendum
        </Text>
        {add.isError && (
          <Alert color="red" variant="light" role="alert" title="The addendum was not added">
            {failureMessage(add.error)}
          </Alert>
        )}
        {waiting.length > 0 && (
          <Group grow align="flex-start">
            {waiting.length > 1 && (
              <NativeSelect
                label="Presentation waiting for a decision"
                data={waiting.map(({ number, p }) => ({
                  value: String(number),
                  label: `${number}: ${miliaTypes.label(p.type)}, ${siteLabel(p.site, p.side)}`,
                }))}
                value={presentation}
                onChange={(e) => setPresentation(e.currentTarget.value)}
              />
            )}
            <NativeSelect
              label={
                waiting.length > 1 || !chosen
                  ? 'Decision'
                  : `Decision on presentation ${chosen.number} (${miliaTypes.label(chosen.p.type)}, ${siteLabel(chosen.p.site, chosen.p.side)})`
              }
              data={decisionOptions}
              value={decision}
              onChange={(e) => setDecision(e.currentTarget.value as ReviewDecision | '')}
            />
          </Group>
        )}
        <Textarea
          label={decision === '' ? 'Addendum' : 'Note'}
          description={
            <>
              Signed as <PersonName name={actor.name} /> when added. It cannot be changed afterwards.
            </>
          }
          required={decision === '' || decision === 'proceed'}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={problem}
        />
        <Group>
          <Button type="submit" loading={add.isPending}>
            {decision === '' ? 'Add addendum' : 'Record the decision'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
