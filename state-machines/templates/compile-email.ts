import { basename } from 'node:path';
import type { EmailVariant } from '../../language/templates/compiled-templates.ts';
import { DEFAULT_LOCALE } from '../../language/templates/default-locale.ts';
import type { Template, TemplateFile } from '../project/template-files.ts';
import { htmlToText } from './html-to-text.ts';
import { mjmlToHtml } from './mjml-to-html.ts';

export type CompileError = { readonly file: string; readonly line?: number; readonly message: string };

/** The templates/-relative name stored in the bundle: stable across machines, enough to find the file. */
export function sourceName(template: Template, file: TemplateFile): string {
  return `${template.name}/${basename(file.file)}`;
}

/**
 * Every locale of a template's email. A locale without its own HTML takes the default one (and
 * its subject), the same fallback a send applies; a locale without its own text part gets one
 * derived from its HTML, so a French email never carries the English text.
 */
export async function compileEmail(
  template: Template,
  errors: CompileError[],
): Promise<Record<string, EmailVariant>> {
  const files = template.files.filter((file) => file.channel === 'email');
  const mains = new Map<string, TemplateFile>();
  const texts = new Map<string, TemplateFile>();
  for (const file of files) {
    const locale = file.locale ?? DEFAULT_LOCALE;
    if (file.part === 'text') {
      texts.set(locale, file);
      continue;
    }
    const other = mains.get(locale);
    if (other !== undefined) {
      errors.push({
        file: file.file,
        message: `${basename(other.file)} is the same email: keep one of them`,
      });
      continue;
    }
    mains.set(locale, file);
  }

  const htmlOf = new Map<TemplateFile, string>();
  for (const main of mains.values()) {
    const html = await toHtml(main, errors);
    if (html !== undefined) htmlOf.set(main, html);
  }

  const variants: Record<string, EmailVariant> = {};
  for (const locale of new Set([...mains.keys(), ...texts.keys()])) {
    const main = mains.get(locale) ?? mains.get(DEFAULT_LOCALE);
    if (main === undefined) {
      const text = texts.get(locale);
      if (text !== undefined)
        errors.push({ file: text.file, message: 'a text part needs an email.mjml or email.html' });
      continue;
    }
    const html = htmlOf.get(main);
    const subject = main.fields.subject;
    if (subject === undefined) {
      errors.push({ file: main.file, line: 1, message: 'missing "subject" in the front matter' });
    }
    if (html === undefined || subject === undefined) continue;
    const textFile = texts.get(locale);
    const preheader = main.fields.preheader;
    variants[locale] = {
      source: sourceName(template, main),
      subject,
      ...(preheader === undefined ? {} : { preheader }),
      html,
      text: textFile?.body ?? htmlToText(html),
      ...(textFile === undefined ? {} : { textSource: sourceName(template, textFile) }),
    };
  }
  return variants;
}

async function toHtml(file: TemplateFile, errors: CompileError[]): Promise<string | undefined> {
  if (file.part !== 'mjml') return file.body;
  const compiled = await mjmlToHtml(file.body, file.bodyLineOffset);
  if ('html' in compiled) return compiled.html;
  errors.push(...compiled.errors.map(({ line, message }) => ({ file: file.file, line, message })));
  return undefined;
}
