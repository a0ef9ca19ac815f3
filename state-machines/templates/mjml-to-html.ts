import mjml2html from 'mjml';
import {
  LIQUID_MARKUP,
  mentionsLiquid,
  protectLiquid,
  restoreLiquid,
  type Wrapper,
} from '../../language/templates/liquid-placeholders.ts';

export type MjmlError = { readonly line: number; readonly message: string };

/**
 * mj-raw is the component MJML offers for templating code: it is accepted between components
 * (mj-body, mj-section, mj-column, mj-navbar...) and rendered verbatim. Unwrapped, a `{% if %}`
 * between two mj-text is silently dropped and the block shows to everyone.
 */
const RAW: Wrapper = { open: '<mj-raw>', close: '</mj-raw>' };

/**
 * Compiles an MJML body (front matter removed) to responsive HTML that still holds its Liquid.
 * `lineOffset` is the number of front-matter lines, so errors point at lines of the file.
 */
export async function mjmlToHtml(
  source: string,
  lineOffset: number,
): Promise<{ html: string } | { errors: MjmlError[] }> {
  // Liquid before <mjml> (typically `{% assign %}`) has no component to live in: keep it aside.
  const { head, mjml, tail } = splitOutside(source);
  const headLines = head.split('\n').length - 1;
  let prepared: ReturnType<typeof protectLiquid>;
  try {
    prepared = protectLiquid(mjml, RAW);
  } catch (error) {
    return { errors: [{ line: 1 + lineOffset, message: messageOf(error) }] };
  }
  const at = (line: number): number => line + lineOffset + headLines;

  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(prepared.text, { validationLevel: 'soft', ignoreIncludes: true });
  } catch (error) {
    return { errors: [{ line: at(1), message: `MJML: ${messageOf(error)}` }] };
  }
  const errors: MjmlError[] = result.errors
    // An attribute holding Liquid (color="{{ brand.color }}") is only known at send time.
    .filter((error) => !mentionsLiquid(error.message))
    .map((error) => ({ line: at(error.line), message: `MJML: ${error.message}` }));

  const restored = restoreLiquid(result.html, prepared.markups, RAW);
  for (const { markup, line } of restored.dropped) {
    errors.push({
      line: at(line),
      message: `MJML dropped the Liquid "${markup}": put it inside <mj-body>, in a component's content or attribute`,
    });
  }
  if (errors.length > 0) return { errors };
  return { html: `${head.trim() === '' ? '' : head.trimEnd()}${restored.text}${tail.trimEnd()}` };
}

/** Splits off Liquid-only text around the <mjml> root; anything else stays for MJML to judge. */
function splitOutside(source: string): { head: string; mjml: string; tail: string } {
  const start = source.indexOf('<mjml');
  const endTag = '</mjml>';
  const end = source.lastIndexOf(endTag);
  if (start < 0 || end < start) return { head: '', mjml: source, tail: '' };
  const head = source.slice(0, start);
  const tail = source.slice(end + endTag.length);
  if (!isLiquidOnly(head) || !isLiquidOnly(tail)) return { head: '', mjml: source, tail: '' };
  return { head, mjml: source.slice(start, end + endTag.length), tail };
}

function isLiquidOnly(text: string): boolean {
  return text.replace(LIQUID_MARKUP, '').trim() === '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
