/**
 * Mantine writes the theme's CSS variables and every responsive style prop (the app shell's
 * sizes, grid columns) into <style> elements, which the page's Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') refuses to apply: without this the theme and the
 * layout are lost. A constructed stylesheet is not an inline style in the policy's sense, so
 * the CSS of Mantine's own elements is copied into one and kept in step as React adds,
 * changes and removes them. Only elements Mantine marks are copied (React renders them from
 * the theme and the code, never from user data); any other <style> stays refused.
 */
const selector = 'style[data-mantine-styles]';

const isStyle = (node: Node | null): boolean => node instanceof Element && node.matches(selector);
const containsStyle = (node: Node): boolean => isStyle(node) || (node instanceof Element && node.querySelector(selector) !== null);

/** Whether a change added, removed or rewrote one of Mantine's style elements. */
const touchesStyles = (r: MutationRecord): boolean =>
  r.type === 'characterData' ? isStyle(r.target.parentNode) : isStyle(r.target) || [...r.addedNodes, ...r.removedNodes].some(containsStyle);

export function adoptMantineStyles(): void {
  const sheet = new CSSStyleSheet();
  let applied = '';
  const sync = () => {
    const css = Array.from(document.querySelectorAll(selector), (el) => el.textContent ?? '').join('\n');
    // Replacing the sheet restyles the whole page: only when the CSS really changed.
    if (css !== applied) sheet.replaceSync((applied = css));
  };
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  new MutationObserver((records) => {
    if (records.some(touchesStyles)) sync();
  }).observe(document, { childList: true, subtree: true, characterData: true });
  sync();
}
