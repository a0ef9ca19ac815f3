/** Where the console lives on the server that serves it: its pages and its assets below it. */
export const CONSOLE_PATH = '/console';
