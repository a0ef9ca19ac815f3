import { fileURLToPath } from 'node:url';
import type { CompiledTemplates } from '../../../language/templates/compiled-templates.ts';
import { Profile, profileView } from '../../../shared/profiles/profile.ts';
import type { RenderScope } from '../../../shared/templates/render.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import {
  parseTemplateFile,
  type Template,
  type TemplateFile,
} from '../../../state-machines/project/template-files.ts';
import { compileTemplates } from '../../../state-machines/templates/compile-templates.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));

let examples: Promise<Awaited<ReturnType<typeof compileTemplates>>> | undefined;

/** The example templates compiled once for the whole file: MJML takes tens of milliseconds a file. */
export function compiledExamples(): Promise<Awaited<ReturnType<typeof compileTemplates>>> {
  examples ??= loadProject(EXAMPLES_DIR).then((project) => compileTemplates(project.templates));
  return examples;
}

export async function exampleBundle(): Promise<CompiledTemplates> {
  const { bundle, errors } = await compiledExamples();
  if (errors.length > 0) throw new Error(`the examples do not compile: ${JSON.stringify(errors, null, 2)}`);
  return bundle;
}

/** A template folder in memory, parsed as load-project parses files: { 'email.mjml': '...' }. */
export function templateOf(name: string, files: Record<string, string>): Template {
  const folder = `/project/templates/${name}`;
  const parsed: TemplateFile[] = Object.entries(files).map(([fileName, text]) => {
    const { template, error } = parseTemplateFile(`${folder}/${fileName}`, fileName, text);
    if (template === undefined) throw new Error(`${fileName}: ${error}`);
    return template;
  });
  return { name, folder, files: parsed };
}

export const CART_EVENT = {
  source: 'shop',
  'detail-type': 'cart.updated',
  detail: {
    cartId: 'c-42',
    items: [
      { name: 'Ceramic mug', quantity: 2, price: 12 },
      { name: 'Linen apron', quantity: 1, price: 34.5 },
    ],
  },
};

/** What the send function builds: the profile as templates see it, and a cart event. */
export function scopeOf(
  overrides: { attributes?: Record<string, unknown>; vip?: boolean } = {},
): RenderScope {
  const profile = Profile.parse({
    profileId: 'p-1',
    email: 'ana@example.com',
    locale: 'fr-CA',
    attributes: { firstName: 'Ana', ...overrides.attributes },
  });
  return {
    profile: profileView(profile),
    event: CART_EVENT,
    aggregates: {},
    segments: { vip: overrides.vip ?? false },
    journey: { scenario: 'abandoned-cart', step: 'cart-email', program: 'conversion' },
    unsubscribe_url: 'https://parcours.example/u/abc',
    preferences_url: 'https://parcours.example/p/abc',
    now: '2026-03-01T10:00:00Z',
  };
}
