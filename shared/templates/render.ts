import type { Channel } from '../../language/channel.ts';
import type {
  CompiledTemplates,
  EmailVariant,
  PushVariant,
  SmsVariant,
} from '../../language/templates/compiled-templates.ts';
import { createLiquidEngine } from '../../language/templates/liquid-engine.ts';
import { cachedRenderer, type PartResult } from './liquid-renderer.ts';
import { pickLocale } from './locale-fallback.ts';

/** Exactly the roots of TEMPLATE_ROOTS (template-scope.ts), which validation allows templates to read. */
export type RenderScope = {
  /** profileView(profile): attributes at the top level next to the reserved fields. */
  readonly profile: Readonly<Record<string, unknown>>;
  readonly event: Readonly<Record<string, unknown>>;
  readonly aggregates: Readonly<Record<string, unknown>>;
  readonly segments: Readonly<Record<string, boolean>>;
  readonly journey: {
    readonly scenario: string;
    readonly step: string;
    readonly variant?: string;
    readonly program: string;
  };
  readonly unsubscribe_url: string;
  readonly preferences_url: string;
  /** The send time, ISO 8601; the `date` filter formats it. */
  readonly now: string;
};

export type RenderRequest = {
  readonly template: string;
  readonly channel: Channel;
  /** The profile's locale, if any; see pickLocale for the fallback. */
  readonly locale: string | undefined;
  readonly scope: RenderScope;
};

type Rendered = { readonly locale: string; readonly source: string };
export type RenderedEmail = Rendered & {
  readonly channel: 'email';
  readonly subject: string;
  readonly preheader?: string;
  readonly html: string;
  readonly text?: string;
};
export type RenderedSms = Rendered & { readonly channel: 'sms'; readonly body: string };
export type RenderedPush = Rendered & {
  readonly channel: 'push';
  readonly title: string;
  readonly body: string;
  readonly image?: string;
};
export type RenderedMessage = RenderedEmail | RenderedSms | RenderedPush;

// Created once per Lambda container: engines and parsed templates are reused by every send.
const renderHtml = cachedRenderer(() => createLiquidEngine({ escape: 'html' }));
const renderText = cachedRenderer(() => createLiquidEngine());

/** Thrown by `part` and caught by renderMessage, so each channel reads as a list of its parts. */
class RenderFailure extends Error {}

function part(result: PartResult): string {
  if ('error' in result) throw new RenderFailure(result.error);
  return result.text;
}

/**
 * Renders one message. Never throws: the send function turns { error } into a failed send that
 * names the file and part, instead of crashing the journey. Unknown variables render empty.
 */
export function renderMessage(
  bundle: CompiledTemplates,
  request: RenderRequest,
): RenderedMessage | { error: string } {
  const template = bundle[request.template];
  if (template === undefined) return { error: `unknown template "${request.template}"` };
  try {
    switch (request.channel) {
      case 'email':
        return renderVariant(template.email, request, renderEmail);
      case 'sms':
        return renderVariant(template.sms, request, renderSms);
      case 'push':
        return renderVariant(template.push, request, renderPush);
    }
  } catch (error) {
    if (error instanceof RenderFailure) return { error: error.message };
    // Not a Liquid failure (those become RenderFailure): still a failed send, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return { error: `${request.template} (${request.channel}): ${message}` };
  }
}

function renderVariant<Variant, Message>(
  variants: Readonly<Record<string, Variant>> | undefined,
  request: RenderRequest,
  render: (variant: Variant, locale: string, scope: RenderScope) => Message,
): Message | { error: string } {
  const locale = pickLocale(Object.keys(variants ?? {}), request.locale);
  const variant = locale === undefined ? undefined : variants?.[locale];
  if (locale === undefined || variant === undefined) {
    return { error: `template "${request.template}" has no ${request.channel} version` };
  }
  return render(variant, locale, request.scope);
}

function renderEmail(variant: EmailVariant, locale: string, scope: RenderScope): RenderedEmail {
  const where = (name: string, file = variant.source) => `${file} (${name})`;
  const preheader =
    variant.preheader === undefined
      ? undefined
      : oneLine(part(renderText(variant.preheader, scope, where('preheader'))));
  const html = part(renderHtml(variant.html, scope, where('html')));
  const text =
    variant.text === undefined
      ? undefined
      : tidyText(part(renderText(variant.text, scope, where('text', variant.textSource))));
  return {
    channel: 'email',
    locale,
    source: variant.source,
    subject: oneLine(part(renderText(variant.subject, scope, where('subject')))),
    ...(preheader === undefined ? {} : { preheader }),
    html: preheader === undefined || preheader === '' ? html : withPreheader(html, preheader),
    ...(text === undefined ? {} : { text }),
  };
}

function renderSms(variant: SmsVariant, locale: string, scope: RenderScope): RenderedSms {
  const body = part(renderText(variant.body, scope, `${variant.source} (body)`)).trim();
  return { channel: 'sms', locale, source: variant.source, body };
}

function renderPush(variant: PushVariant, locale: string, scope: RenderScope): RenderedPush {
  const where = (name: string) => `${variant.source} (${name})`;
  const image =
    variant.image === undefined ? undefined : part(renderText(variant.image, scope, where('image'))).trim();
  return {
    channel: 'push',
    locale,
    source: variant.source,
    title: oneLine(part(renderText(variant.title, scope, where('title')))),
    body: part(renderText(variant.body, scope, where('body'))).trim(),
    ...(image === undefined || image === '' ? {} : { image }),
  };
}

/** Subjects and titles are single header lines: a newline from the data must not split them. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Block tags ({% for %}, {% if %}) on their own lines leave blank lines behind, most of all in
 * a text part derived from HTML; a plain-text email never needs more than one blank line.
 */
function tidyText(text: string): string {
  return text
    .replace(/[^\S\n]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * SES has no preheader field: the preview text is a hidden block at the top of the body, as MJML's
 * mj-preview writes it. The preheader is rendered as text, then escaped here for the HTML.
 */
function withPreheader(html: string, preheader: string): string {
  const hidden = `<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;">${escapeHtml(preheader)}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (body === null) return hidden + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + hidden + html.slice(at);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
