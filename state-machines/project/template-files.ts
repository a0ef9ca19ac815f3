import { isScalar, LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import type { Channel } from '../../language/channel.ts';

/**
 * A template is a folder under templates/ with one file per channel and locale:
 *   email.mjml | email.html   (front matter: subject, optional preheader) and optional email.txt
 *   sms.txt                   (the message)
 *   push.txt                  (front matter: title; the body)
 * A locale variant inserts the locale before the extension: email.fr.mjml, sms.fr.txt.
 */
export const TEMPLATE_FILE_NAME = /^(email|sms|push)(?:\.([a-z]{2}(?:-[A-Z]{2})?))?\.(mjml|html|txt)$/;

export const TemplatePart = z.enum(['html', 'mjml', 'text']);
export type TemplatePart = z.infer<typeof TemplatePart>;

export type TemplateFile = {
  readonly file: string;
  readonly channel: Channel;
  readonly locale: string | undefined;
  readonly part: TemplatePart;
  /** Front-matter fields (subject, preheader, title), each a Liquid template. */
  readonly fields: Readonly<Record<string, string>>;
  /** Where each field's text starts in the file (1-based), so errors in it point at the right place. */
  readonly fieldPositions: Readonly<Record<string, { line: number; col: number }>>;
  readonly body: string;
  /** Lines taken by the front matter, so errors in the body point at the right line. */
  readonly bodyLineOffset: number;
};

export type Template = {
  readonly name: string;
  readonly folder: string;
  readonly files: readonly TemplateFile[];
};

export const REQUIRED_FIELDS: Record<Channel, readonly string[]> = {
  email: ['subject'],
  sms: [],
  push: ['title'],
};
export const KNOWN_FIELDS: Record<Channel, readonly string[]> = {
  email: ['subject', 'preheader'],
  sms: [],
  push: ['title', 'image'],
};

const FrontMatter = z.record(z.string(), z.string());
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export type ParsedTemplateFile = { template?: TemplateFile; error?: string };

export function parseTemplateFile(file: string, fileName: string, text: string): ParsedTemplateFile {
  const match = TEMPLATE_FILE_NAME.exec(fileName);
  if (match === null) {
    return {
      error: 'unexpected file: expected email[.locale].mjml|html|txt, sms[.locale].txt or push[.locale].txt',
    };
  }
  const [, channelName, locale, extension] = match;
  const channel = z.enum(['email', 'sms', 'push']).parse(channelName);
  const part: TemplatePart = extension === 'txt' ? 'text' : extension === 'mjml' ? 'mjml' : 'html';
  if (channel !== 'email' && part !== 'text') return { error: `${channel} templates are plain text (.txt)` };

  const frontMatter = FRONT_MATTER.exec(text);
  let fields: Record<string, string> = {};
  const fieldPositions: Record<string, { line: number; col: number }> = {};
  if (frontMatter !== null) {
    const lineCounter = new LineCounter();
    const document = parseDocument(frontMatter[1] ?? '', { lineCounter });
    const [firstError] = document.errors;
    if (firstError !== undefined)
      return { error: `front matter is not valid YAML: ${firstError.message.split('\n')[0]}` };
    const result = FrontMatter.safeParse(document.toJS() ?? {});
    if (!result.success) return { error: 'front matter must map field names to text, e.g. "subject: Hello"' };
    fields = result.data;
    for (const field of Object.keys(fields)) {
      const node = document.get(field, true);
      if (!isScalar(node) || node.range === undefined || node.range === null) continue;
      const position = lineCounter.linePos(node.range[0]);
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      // +1 line for the opening "---"; a quote is not part of the Liquid text.
      fieldPositions[field] = { line: position.line + 1, col: position.col + (quoted ? 1 : 0) };
    }
  }
  const header = frontMatter?.[0] ?? '';
  return {
    template: {
      file,
      channel,
      locale,
      part,
      fields,
      fieldPositions,
      body: text.slice(header.length),
      bodyLineOffset: header.split('\n').length - 1,
    },
  };
}

/** The file a send cannot do without: the HTML (or MJML) of an email, the text of an SMS or push. */
export function isMainPart(file: TemplateFile): boolean {
  return file.channel !== 'email' || file.part !== 'text';
}

/** Locale variants fall back to the default file, so a channel needs a default to be sendable. */
export function hasDefaultVersion(template: Template, channel: Channel): boolean {
  return template.files.some(
    (file) => file.channel === channel && file.locale === undefined && isMainPart(file),
  );
}
