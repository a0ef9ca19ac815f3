import { basename, join } from 'node:path';
import type {
  CompiledTemplate,
  CompiledTemplates,
  PushVariant,
  SmsVariant,
} from '../../language/templates/compiled-templates.ts';
import { DEFAULT_LOCALE } from '../../language/templates/default-locale.ts';
import { createLiquidEngine } from '../../language/templates/liquid-engine.ts';
import type { Template, TemplateFile } from '../project/template-files.ts';
import { type CompileError, compileEmail, sourceName } from './compile-email.ts';

export type { CompileError } from './compile-email.ts';

const parser = createLiquidEngine();

/**
 * Turns the template folders into the bundle the send function loads. MJML is compiled here, at
 * build time, so the function carries no MJML. Every part is parsed as Liquid once more, after
 * MJML, so a bundle that compiles cannot fail to parse at send time. A variant with an error is
 * left out of the bundle and reported; the caller decides whether to ship a partial bundle.
 */
export async function compileTemplates(
  templates: readonly Template[],
): Promise<{ bundle: CompiledTemplates; errors: CompileError[] }> {
  const bundle: CompiledTemplates = {};
  const errors: CompileError[] = [];
  for (const template of templates) {
    const compiled: CompiledTemplate = {};
    const email = keepParsable(template, await compileEmail(template, errors), errors);
    const sms = keepParsable(template, compileSms(template), errors);
    const push = keepParsable(template, compilePush(template, errors), errors);
    if (Object.keys(email).length > 0) compiled.email = defaultFirst(email);
    if (Object.keys(sms).length > 0) compiled.sms = defaultFirst(sms);
    if (Object.keys(push).length > 0) compiled.push = defaultFirst(push);
    bundle[template.name] = compiled;
  }
  return { bundle, errors };
}

function compileSms(template: Template): Record<string, SmsVariant> {
  const variants: Record<string, SmsVariant> = {};
  for (const file of filesOf(template, 'sms')) {
    variants[file.locale ?? DEFAULT_LOCALE] = { source: sourceName(template, file), body: file.body };
  }
  return variants;
}

function compilePush(template: Template, errors: CompileError[]): Record<string, PushVariant> {
  const variants: Record<string, PushVariant> = {};
  for (const file of filesOf(template, 'push')) {
    const { title, image } = file.fields;
    if (title === undefined) {
      errors.push({ file: file.file, line: 1, message: 'missing "title" in the front matter' });
      continue;
    }
    variants[file.locale ?? DEFAULT_LOCALE] = {
      source: sourceName(template, file),
      title,
      body: file.body,
      ...(image === undefined ? {} : { image }),
    };
  }
  return variants;
}

function filesOf(template: Template, channel: TemplateFile['channel']): TemplateFile[] {
  return template.files.filter((file) => file.channel === channel);
}

/** Files come sorted by name (email.fr.mjml before email.mjml); a bundle reads better default first. */
function defaultFirst<Variant>(variants: Record<string, Variant>): Record<string, Variant> {
  const locales = Object.keys(variants).sort((a, b) =>
    a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b),
  );
  return Object.fromEntries(
    locales.flatMap((locale) => {
      const variant = variants[locale];
      return variant === undefined ? [] : [[locale, variant]];
    }),
  );
}

/** Drops the variants with a part that does not parse as Liquid, reporting which part. */
function keepParsable<Variant extends { source: string; textSource?: string }>(
  template: Template,
  variants: Record<string, Variant>,
  errors: CompileError[],
): Record<string, Variant> {
  const kept: Record<string, Variant> = {};
  for (const [locale, variant] of Object.entries(variants)) {
    const problems = Object.entries(variant)
      .filter(([part]) => part !== 'source' && part !== 'textSource')
      .flatMap(([part, source]) => {
        const message = typeof source === 'string' ? liquidSyntaxError(source) : undefined;
        return message === undefined ? [] : [{ part, message }];
      });
    for (const { part, message } of problems) {
      errors.push({ file: fileOfPart(template, variant, part), message: `${part}: ${message}` });
    }
    if (problems.length === 0) kept[locale] = variant;
  }
  return kept;
}

/** The file a part was written in: the email's text part may have its own file. */
function fileOfPart(
  template: Template,
  variant: { source: string; textSource?: string },
  part: string,
): string {
  const name = part === 'text' && variant.textSource !== undefined ? variant.textSource : variant.source;
  return join(template.folder, basename(name));
}

function liquidSyntaxError(source: string): string | undefined {
  try {
    parser.parse(source);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `Liquid syntax: ${message.split('\n')[0] ?? message}`;
  }
}
