import type { FilterImplOptions } from 'liquidjs';

/** What a filter runs on (its render's context); liquidjs exports the type only through its filters'. */
export type FilterImpl = ThisParameterType<Exclude<FilterImplOptions, { handler: unknown }>>;
