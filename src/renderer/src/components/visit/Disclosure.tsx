/**
 * A part of a card shown on request: a button that says what it holds (aria-expanded), a
 * one-line summary beside it while closed. It opens by itself when `auto` becomes true (a
 * box ticked, a field filled, an error in it) and then stays open until closed by hand, so
 * that unticking the last box does not hide the boxes under the pointer.
 */
import { Button, Group, Text } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';

interface DisclosureProps {
  label: string;
  /** Said beside the button while closed, e.g. "none ticked". */
  summary?: string | undefined;
  auto: boolean;
  children: ReactNode;
}

export function Disclosure({ label, summary, auto, children }: DisclosureProps) {
  const id = useId();
  const [open, setOpen] = useState(auto);
  // Adjusted during render (React's pattern for state following a prop), not in an effect, so that it never flashes closed.
  const [wasAuto, setWasAuto] = useState(auto);
  if (auto !== wasAuto) {
    setWasAuto(auto);
    if (auto) setOpen(true);
  }
  return (
    <div className="visit-disclosure">
      <Group gap="xs" wrap="nowrap">
        <Button
          variant="subtle"
          size="compact-sm"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          leftSection={<span aria-hidden="true" className="visit-disclosure__chevron" data-open={open || undefined} />}
        >
          {label}
        </Button>
        {!open && summary && (
          <Text size="sm" c="dimmed" truncate>
            {summary}
          </Text>
        )}
      </Group>
      <div id={id} hidden={!open} className="visit-disclosure__body">
        {children}
      </div>
    </div>
  );
}
