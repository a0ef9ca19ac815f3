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
  const liquidEnd = Math.max(authority.lastIndexOf('}}'), authority.lastIndexOf('%}'));
  if (liquidEnd < 0) return authority === '' ? 'a webhook URL must name its host' : undefined;
  const writtenTail = authority.slice(liquidEnd + 2).replace(/:\d*$/, '');
  const [, ...labels] = writtenTail.split('.');
  if (labels.length >= 2 && labels.every((label) => /^[a-z0-9-]+$/i.test(label))) return undefined;
  return (
    `a webhook URL's host must end with its domain written out, as in ` +
    `https://{{ profile.tenant }}.crm.example.com: "${authority}" would let an event or a profile choose the server`
  );
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
