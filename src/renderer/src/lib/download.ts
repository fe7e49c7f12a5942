/**
 * Starts the browser's download of a file the browser mode keeps (an export): a hidden link
 * with `download`, clicked. The token travels in the query, as for a shown PDF, since a link
 * cannot send a header; `href` is the address `pdfUrl` made.
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
