// dynalite ships no type declarations; this is the part of its API Parcours uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  type DynaliteOptions = {
    /** A folder to persist to; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  };
  export default function dynalite(options?: DynaliteOptions): Server;
}
