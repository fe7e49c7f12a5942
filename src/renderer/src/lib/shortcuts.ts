/**
 * The keyboard shortcuts, in one list: the "?" overlay shows it, and the screens that handle a
 * shortcut name its keys from here in their tooltips. Single letters never fire while typing
 * in a field (Mantine's useHotkeys ignores inputs); the Ctrl/⌘ chords work from anywhere.
 */

/** ⌘ on Apple keyboards, Ctrl elsewhere: what Mantine's `mod` means. */
export const modKey = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export interface Shortcut {
  /** The keys pressed together, as printed on them. */
  keys: readonly string[];
  /** What it does. */
  action: string;
  /** Where it works. */
  where: string;
}

export const shortcuts = {
  search: { keys: ['/'], action: 'Go to patient search', where: 'Anywhere' },
  visitFromSearch: { keys: ['Shift', 'Enter'], action: 'New visit for the patient found', where: 'In the patient search' },
  help: { keys: ['?'], action: 'Show these shortcuts', where: 'Anywhere' },
  newVisit: { keys: ['N'], action: 'New visit', where: 'On a chart' },
  addPresentation: { keys: ['A'], action: 'Add a presentation: go to the sites', where: 'In the visit editor' },
  treatSite: { keys: ['T'], action: 'Treat this site (from its presentation)', where: 'In the visit editor' },
  nextSite: { keys: ['Enter'], action: 'Back to the site box for the next site', where: 'In a presentation’s count' },
  save: { keys: [modKey, 'S'], action: 'Save the visit', where: 'In the visit editor' },
  print: { keys: [modKey, 'P'], action: 'Print aftercare', where: 'On a saved visit; on a chart, the visit in focus (else the newest)' },
} as const satisfies Record<string, Shortcut>;

/** "New visit (N)", "Print aftercare (Ctrl+P)": a button's tooltip. */
export const withKeys = (shortcut: Shortcut): string => `${shortcut.action} (${shortcut.keys.join('+')})`;
