/**
 * A short confirmation in the corner after a write. Mantine's close button has no name of
 * its own (screen readers would say just "button"), and its grey message under a title is
 * below AA contrast: both are fixed here.
 */
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';

export function notifySaved(message: ReactNode, title?: string): void {
  notifications.show({
    color: 'teal',
    title,
    message,
    closeButtonProps: { 'aria-label': 'Dismiss' },
    styles: { description: { color: 'var(--mantine-color-dimmed)' } },
  });
}
