/**
 * A short confirmation in the corner after a write. Mantine's close button has no name of
 * its own, which screen readers would announce as just "button": it is named here.
 */
import { notifications } from '@mantine/notifications';

export function notifySaved(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, closeButtonProps: { 'aria-label': 'Dismiss' } });
}
