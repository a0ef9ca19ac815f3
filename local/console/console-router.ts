import { assetAt } from './assets.ts';
import type { BacktestShelf } from './backtest-shelf.ts';
import { CONSOLE_PATH } from './console-path.ts';
import type { ConsoleSource } from './console-source.ts';
import { audiencePage, audiencesPage } from './pages/audience-page.ts';
import { backtestsPage } from './pages/backtests-page.ts';
import { customerPage } from './pages/customer-page.ts';
import { journeysPage } from './pages/journeys-page.ts';
import { layout } from './pages/layout.ts';
import { messagePage, messagesPage } from './pages/messages-page.ts';
import { isDotOnly, link, notFound, type Page, type PageContext } from './pages/page.ts';
import { programsPage } from './pages/programs-page.ts';
import { rejectedPage } from './pages/rejected-page.ts';
import { scenarioPage, scenariosPage } from './pages/scenario-page.ts';

export type ConsoleSite = {
  /** The live data: the local platform, or a single report. */
  readonly live: ConsoleSource;
  /** Saved backtests, opened beside the live data. */
  readonly backtests?: BacktestShelf;
};

export type ConsoleAnswer = {
  readonly status: number;
  readonly type: string;
  readonly body: string | Buffer;
  /** For a redirect: where to. */
  readonly location?: string;
  /** Scripts and styles are cached by the browser; pages never are, they show data as it is now. */
  readonly cache: boolean;
};

const HTML_TYPE = 'text/html; charset=utf-8';
const redirect = (location: string): ConsoleAnswer => ({
  status: 303,
  type: HTML_TYPE,
  body: '',
  location,
  cache: false,
});

/**
 * Answers a GET under /console: an asset, or a page of the live data or of a saved backtest
 * (`/console/backtests/<name>/…`), each at a stable URL. Undefined for any other path.
 */
export async function consoleAnswer(site: ConsoleSite, url: URL): Promise<ConsoleAnswer | undefined> {
  if (url.pathname === '/') return redirect(`${CONSOLE_PATH}/`);
  if (url.pathname !== CONSOLE_PATH && !url.pathname.startsWith(`${CONSOLE_PATH}/`)) return undefined;
  const asset = assetAt(url.pathname);
  if (asset !== undefined) {
    const { type, body } = await asset;
    return { status: 200, type, body, cache: true };
  }
  const segments = pathSegments(url.pathname.slice(CONSOLE_PATH.length));
  if (segments === undefined)
    return answer(
      notFound('Not found', 'The address is not valid percent-encoding.'),
      site,
      site.live,
      CONSOLE_PATH,
    );
  const { backtests } = site;
  if (segments[0] === 'backtests' && backtests !== undefined) {
    const [, name, ...rest] = segments;
    if (name === undefined)
      return answer(await backtestsPage(backtests, CONSOLE_PATH), site, site.live, CONSOLE_PATH);
    const source = await backtests.open(name);
    const base = link(CONSOLE_PATH, 'backtests', name);
    if (typeof source === 'string')
      return answer(notFound('No such backtest', source), site, site.live, CONSOLE_PATH);
    return routed(site, { source, base, query: url.searchParams }, rest);
  }
  return routed(site, { source: site.live, base: CONSOLE_PATH, query: url.searchParams }, segments);
}

/** The decoded segments of a path; undefined when one is not valid percent-encoding. */
function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

async function routed(
  site: ConsoleSite,
  context: PageContext,
  segments: readonly string[],
): Promise<ConsoleAnswer> {
  const [first, second, third, ...extra] = segments;
  const journeys = first === 'scenarios' && second !== undefined && third === 'journeys';
  if (extra.length > 0 || (third !== undefined && !journeys))
    return answer(notFound('Not found', 'There is no page here.'), site, context.source, context.base);
  if (journeys) return answer(await journeysPage(context, second), site, context.source, context.base);
  // `<page>?id=<id>` is `<page>/<id>`. The search form asks `customers?id=…`: its answer's stable
  // URL is the customer's own path, except for an id of dots only, which a path cannot hold (a URL
  // parser resolves `..`): link() writes the query form for it, served here.
  const queried = second === undefined ? context.query.get('id')?.trim() : undefined;
  if (first !== undefined && queried !== undefined && queried !== '') {
    if (!isDotOnly(queried)) return redirect(link(context.base, first, queried));
    return answer(await pageAt(context, first, queried), site, context.source, context.base);
  }
  return answer(await pageAt(context, first, second), site, context.source, context.base);
}

async function pageAt(
  context: PageContext,
  first: string | undefined,
  second: string | undefined,
): Promise<Page> {
  switch (first) {
    case undefined:
      return programsPage(context);
    case 'scenarios':
      return second === undefined ? scenariosPage(context) : scenarioPage(context, second);
    case 'customers':
      return second === undefined
        ? notFound('Which customer?', 'Search a customer by their id, at the top of the page.')
        : customerPage(context, second);
    case 'messages':
      return second === undefined ? messagesPage(context) : messagePage(context, second);
    case 'rejected':
      return rejectedPage(context);
    case 'audience':
      return second === undefined ? audiencesPage(context) : audiencePage(context, second);
    default:
      return notFound('Not found', `There is no page "${first}".`);
  }
}

function answer(page: Page, site: ConsoleSite, source: ConsoleSource, base: string): ConsoleAnswer {
  const body = layout(page, {
    home: CONSOLE_PATH,
    base,
    sourceTitle: source.title,
    now: source.now(),
    hasBacktests: site.backtests !== undefined,
  });
  return { status: page.status, type: HTML_TYPE, body: body.text, cache: false };
}
