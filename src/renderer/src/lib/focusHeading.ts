/**
 * After a screen change the focus goes to the new screen's main heading (its first h2 outside
 * the patient banner, else the banner's: the patient's name on a chart), so
 * that a keyboard user starts from the top of what changed and a screen reader reads where
 * they are, instead of the focus being left on the page body. A screen that places the focus
 * itself (the search box, a saved visit on the chart) keeps it.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** The patient banner above a chart's screens: its name is the heading only where there is no other. */
const bannerSelector = '[role="region"][aria-label="Patient"]';

/** How long a screen may take to load its data and show its heading. */
const patienceMs = 5000;

/**
 * Whether the focus is somewhere in the screen: put there by the screen itself (an autofocused
 * box, a focused entry), since what held the focus before the change has left with the old
 * screen, or sits outside the main area (the navigation).
 */
const focusInScreen = (main: HTMLElement): boolean => {
  const active = document.activeElement;
  return active !== null && active !== main && main.contains(active);
};

/**
 * Moves the focus to the heading once it is there, and says the screen's name through
 * `announce` (a live region): the focus alone does not tell every screen reader that the
 * screen changed.
 */
export function useFocusHeadingOnNavigation(mainId: string, announce: (title: string) => void): void {
  const { pathname } = useLocation();
  useEffect(() => {
    const main = document.getElementById(mainId);
    if (!main) return;
    const started = performance.now();
    let frame = 0;
    const look = () => {
      if (focusInScreen(main)) {
        announce(document.title);
        return;
      }
      const headings = [...main.querySelectorAll<HTMLElement>('h2')];
      const heading = headings.find((h) => !h.closest(bannerSelector)) ?? headings[0];
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: false });
        announce(document.title);
        return;
      }
      if (performance.now() - started < patienceMs) frame = requestAnimationFrame(look);
    };
    frame = requestAnimationFrame(look);
    return () => cancelAnimationFrame(frame);
  }, [pathname, mainId, announce]);
}
