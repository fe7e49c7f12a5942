/**
 * Starts the browser's download of a file the browser mode keeps (an export): a hidden link
 * with `download`, clicked. `href` is the address the API call gave, good for one download
 * within a minute and carrying no token (a link cannot send a header).
 */
export function download(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
