/** What became of a shown PDF, in a live region so that a screen reader hears it too. */
import { Anchor, Text } from '@mantine/core';

/**
 * `href` is the browser mode's address of the PDF, null for the desktop app's preview window.
 * The address opens once: the link is for a tab the browser blocked.
 */
export function ShownNote({ href, what }: { href: string | null; what: string }) {
  return (
    <Text size="sm" role="status">
      {href === null ? (
        `${what} is in the print preview window.`
      ) : (
        <>
          {what} opened in a new tab.{' '}
          <Anchor href={href} target="_blank" rel="noopener noreferrer">
            Open it here if no tab opened
          </Anchor>
        </>
      )}
    </Text>
  );
}
