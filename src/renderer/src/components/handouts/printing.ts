/**
 * Printing handouts from the screens: create them (one call per visit), then show them. The
 * desktop app shows the PDF in its own preview window with the print dialog; the browser mode
 * gets an address, opened here in a new tab.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ShownPdf } from '@shared/printing';
import { call, type ApiFailure } from '../../api';

/**
 * Opens a shown PDF, returning its address (null in the desktop app) so that the screen can
 * offer a link too: a browser may block a tab opened after the user's click has gone stale.
 */
export function openShownPdf(shown: ShownPdf): string | null {
  if (shown.url === null) return null;
  window.open(shown.url, '_blank', 'noopener');
  return shown.url;
}

/** Shows stored handouts by id: one is its exact stored bytes, several one combined PDF. */
export function useShowHandouts() {
  return useMutation<string | null, ApiFailure, number[]>({
    mutationFn: async (ids) => openShownPdf(await call('handouts.show', { ids })),
  });
}

/** A new handout for one visit, shown at once; the visit's log refreshes with it. */
export function usePrintAftercare() {
  const queryClient = useQueryClient();
  return useMutation<string | null, ApiFailure, { visitId: number; largePrint: boolean }>({
    mutationFn: async (input) => {
      const record = await call('handouts.create', input);
      void queryClient.invalidateQueries({ queryKey: ['handouts.list'] });
      return openShownPdf(await call('handouts.show', { ids: [record.id] }));
    },
  });
}
