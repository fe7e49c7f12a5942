/**
 * Where an export is saved, as the surface that chose it gives it (`api/exportShell.ts`), and
 * the one order every export keeps: the file is made, its audit line written, and only then is
 * the file saved, so none is ever given unaudited, and a failure anywhere leaves nothing saved.
 */

export interface SavedFile {
  /** Where the desktop app wrote the file; null in the browser mode. */
  savedTo: string | null;
  /** The browser mode's address to download it from (without the token); null on the desktop. */
  url: string | null;
}

export interface SaveTarget {
  save(bytes: Buffer): Promise<SavedFile>;
  /**
   * For a surface that writes the file on this computer (the desktop app): `fill` writes it,
   * as it is made, into a temporary file beside its place, which the surface then puts there,
   * so a large export is never held whole. Refused or failed, nothing is left behind.
   */
  saveFilled?(fill: (temporary: string) => Promise<void>): Promise<SavedFile>;
}

/** An export's two ways of being made: written into a temporary file, or as bytes. Both tell how many rows it holds. */
export interface FileMaker {
  into(temporary: string): Promise<{ rows: number; size: number }>;
  bytes(): Promise<{ rows: number; bytes: Buffer }>;
}

/** A file's pieces joined: its bytes, for a surface that keeps the file in memory (the browser mode's download). */
export async function joined(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const piece of pieces) all.push(piece);
  return Buffer.concat(all);
}

/**
 * The file made the way `target` takes it (written into its place as it is made where it can
 * be, else as bytes handed over), audited by `audit` with its row count before it is saved.
 */
export async function saveMade(
  target: SaveTarget,
  make: FileMaker,
  audit: (rows: number) => Promise<void>,
): Promise<{ rows: number; size: number } & SavedFile> {
  if (target.saveFilled) {
    let made = { rows: 0, size: 0 };
    const saved = await target.saveFilled(async (temporary) => {
      made = await make.into(temporary);
      await audit(made.rows);
    });
    return { ...made, ...saved };
  }
  const { rows, bytes } = await make.bytes();
  await audit(rows);
  return { rows, size: bytes.length, ...(await target.save(bytes)) };
}
