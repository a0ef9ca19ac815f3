/**
 * Where a webhook step calls must be written in the scenario. Its URL may hold Liquid, and the
 * values it reads come from events and profiles, which apps and customers write: a host taken from
 * one could send the signed call, with the customer's data, to any server. So Liquid in the host
 * may only make its first labels (`https://{{ profile.tenant }}.crm.example.com`), under a domain
 * of at least two labels written out. The values themselves are percent-encoded when the step
 * renders them (shared/steps/render-payload.ts), so none can end the host or the path early.
 */
export function webhookHostProblem(url: string): string | undefined {
  const authority = authorityOf(url);
  if (authority.includes('@')) return 'a webhook URL cannot carry credentials; use headers';
  if (liquidEndOf(authority) < 0) return authority === '' ? 'a webhook URL must name its host' : undefined;
  // `| raw` skips the percent-encoding that keeps a value inside its labels: "evil.example/x?"
  // would then end the host, and the signed call would go where the value says.
  if (RAW_FILTER.test(authority))
    return `a webhook URL's host cannot write a value with "| raw": "${authority}" would let an event or a profile choose the server`;
  if (writtenDomainOf(authority) !== undefined) return undefined;
  return (
    `a webhook URL's host must end with its domain written out, as in ` +
    `https://{{ profile.tenant }}.crm.example.com: "${authority}" would let an event or a profile choose the server`
  );
}

const RAW_FILTER = /\|\s*raw\b/;

/** Where the last Liquid output or tag of an authority ends, -1 when it holds none. */
function liquidEndOf(authority: string): number {
  return Math.max(authority.lastIndexOf('}}'), authority.lastIndexOf('%}'));
}

/**
 * The domain a webhook URL writes out after the Liquid of its host ("crm.example.com" for
 * `https://{{ profile.tenant }}.crm.example.com/hook`), or undefined when it writes out fewer than
 * two labels after it.
 */
function writtenDomainOf(authority: string): string | undefined {
  const writtenTail = authority.slice(liquidEndOf(authority) + 2).replace(/:\d*$/, '');
  const [, ...labels] = writtenTail.split('.');
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9-]+$/i.test(label))
    ? labels.join('.').toLowerCase()
    : undefined;
}

/**
 * What is wrong with a rendered webhook URL whose host is not under the domain its template wrote
 * out: the runtime's second guard behind validate's (a bundle validated by an older release, a
 * filter that slipped past it). A template whose host holds no Liquid is its own host.
 */
export function renderedHostProblem(template: string, rendered: string): string | undefined {
  const authority = authorityOf(template);
  // A URL that does not parse is refused as such where it is called (shared/webhook/post.ts).
  if (liquidEndOf(authority) < 0 || !URL.canParse(rendered)) return undefined;
  const domain = writtenDomainOf(authority);
  const host = new URL(rendered).hostname.toLowerCase();
  if (domain !== undefined && host.endsWith(`.${domain}`) && host.length > domain.length + 1)
    return undefined;
  return `the webhook's host as rendered is not under ${domain ?? 'the domain written'}, the domain its URL writes out: refused, since an event or a profile chose it`;
}

/** The part after `https://` up to the path, query or fragment, skipping what Liquid holds. */
function authorityOf(url: string): string {
  const start = url.indexOf('//') + 2;
  let inLiquid = false;
  for (let index = start; index < url.length; index += 1) {
    const pair = url.slice(index, index + 2);
    if (pair === '{{' || pair === '{%') inLiquid = true;
    else if (pair === '}}' || pair === '%}') inLiquid = false;
    else if (!inLiquid && '/?#'.includes(url.charAt(index))) return url.slice(start, index);
  }
  return url.slice(start);
}
