/**
 * The variant used when no locale-specific file exists: `email.mjml` rather than `email.fr.mjml`.
 * Apart from the templates' schemas (compiled-templates.ts), which synth uses: the send function
 * reads only this constant, and importing it from there built every one of those schemas at each
 * cold start.
 */
export const DEFAULT_LOCALE = 'default';
