import { stat } from 'node:fs/promises';

/**
 * Whether a data folder is there at all, apart from the store that reads it (data-folder.ts loads
 * dynalite): the commands that read only its files say a misspelled folder is empty of data
 * rather than report nothing from it.
 */
export async function hasDataFolder(dataDir: string): Promise<boolean> {
  return (await stat(dataDir).catch(() => undefined))?.isDirectory() === true;
}

/** What every command says of a data folder with nothing in it yet. */
export function noDataYet(dataDir: string): string {
  return `${dataDir}: no data yet (npm start creates it)`;
}
