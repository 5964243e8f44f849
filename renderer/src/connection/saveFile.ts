/**
 * Saves text or a fetched file as a file through the browser's download (Electron and browsers alike).
 * Reports and exports are fetched with the session's credentials and saved, rather than linked: a plain
 * link carries no bearer token, so it would fail on a console that requires sign-in.
 */
export function saveFile(fileName: string, content: string | Blob, type: string): void {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
