import { describe, expect, it } from 'vitest';
import { WebhookStep } from '../../../language/steps.ts';
import { renderedHostProblem } from '../../../language/webhook-url.ts';

function problemsOf(url: string): string[] {
  const parsed = WebhookStep.safeParse({ id: 'notify', webhook: { url } });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe("a webhook step's URL", () => {
  it.each([
    'https://crm.example.com/hooks/parcours',
    'https://hooks.example.org',
    'https://crm.example.com:8443/contacts/{{ profile.profileId }}?next={{ event.detail.page }}',
    'https://crm.example.com/{{ event.detail.path | split: "/" | first }}',
    // A tenant's subdomain, under a domain the scenario writes out
    'https://{{ profile.tenant }}.crm.example.com/x',
    'https://{{ profile.tenant }}-eu.crm.example.com',
    'https://{% if profile.eu %}eu{% else %}us{% endif %}.crm.example.com/hook',
  ])('may read values where they cannot choose the server: %s', (url) => {
    expect(problemsOf(url)).toEqual([]);
  });

  it.each([
    ['the whole host', 'https://{{ event.detail.callback }}/hook'],
    ['its domain', 'https://api.{{ profile.crm }}/hook'],
    ['all but a top-level domain', 'https://{{ profile.crm }}.com/hook'],
    ['its port', 'https://crm.example.com:{{ event.detail.port }}/hook'],
    ['a host made of the path', 'https://crm.example.com{{ event.detail.rest }}'],
  ])('may not take %s from a value', (_label, url) => {
    expect(problemsOf(url)).toEqual([expect.stringMatching(/host must end with its domain written out/)]);
  });

  it('refuses | raw in the host, which would let a value end it', () => {
    expect(problemsOf('https://{{ profile.tenant | raw }}.crm.example.com/hook')).toEqual([
      expect.stringMatching(/host cannot write a value with "\| raw"/),
    ]);
    expect(problemsOf('https://{{ profile.tenant }}.crm.example.com/{{ event.detail.page | raw }}')).toEqual(
      [],
    );
  });

  it('checks at run time that the rendered host is still under the domain written out', () => {
    const template = 'https://{{ profile.tenant }}.crm.example.com/hook';
    expect(renderedHostProblem(template, 'https://acme.crm.example.com/hook')).toBeUndefined();
    expect(renderedHostProblem(template, 'https://ACME-EU.CRM.example.com/hook')).toBeUndefined();
    expect(renderedHostProblem(template, 'https://collect.attacker.example/x?.crm.example.com/hook')).toMatch(
      /not under crm\.example\.com/,
    );
    expect(renderedHostProblem(template, 'https://crm.example.com/hook')).toMatch(/not under/);
    expect(renderedHostProblem(template, 'https://evilcrm.example.com/hook')).toMatch(/not under/);
    // A host written out is its own, whatever the path renders to
    expect(renderedHostProblem('https://crm.example.com/{{ x }}', 'https://other.example/')).toBeUndefined();
  });

  it('refuses credentials and plain http, each with its own reason', () => {
    expect(problemsOf('https://{{ profile.user }}@crm.example.com/')).toEqual([
      expect.stringMatching(/credentials/),
    ]);
    expect(problemsOf('http://crm.example.com/')).toEqual(['a webhook URL must use https://']);
  });
});
