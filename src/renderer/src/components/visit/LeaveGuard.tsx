/**
 * Keeps unsaved work from being lost by accident: leaving the visit for another screen asks
 * first, closing or reloading the window gets the browser's own warning, and switching user
 * or signing out asks too (through the unsaved-changes registry).
 */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, type RefObject } from 'react';
import { useBlocker } from 'react-router';
import { useUnsavedChanges } from '../../lib/unsaved';

interface LeaveGuardProps {
  dirty: boolean;
  /** True once the work is saved: the move to the chart that follows is not a loss. */
  saved: RefObject<boolean>;
}

export function LeaveGuard({ dirty, saved }: LeaveGuardProps) {
  // Switching user and signing out ask too.
  useUnsavedChanges(dirty);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!saved.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, saved]);

  const blocked = blocker.state === 'blocked';
  return (
    <Modal opened={blocked} onClose={() => blocker.reset?.()} title="Unsaved changes" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <Text size="sm">This visit has changes that are not saved. If you leave now, they are lost.</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
          Stay
        </Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>
          Leave without saving
        </Button>
      </Group>
    </Modal>
  );
}
