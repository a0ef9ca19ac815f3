/**
 * The variables a template can read. The renderer builds exactly this scope at send time, and
 * validation refuses any other root, so a template never depends on a variable that cannot exist.
 */
export const TEMPLATE_ROOTS = {
  profile: 'the customer profile (attributes, locale, time zone)',
  event: 'the event that started the journey, e.g. event.detail.items',
  aggregates: 'aggregates declared in parcours.config.yaml',
  segments: 'segment memberships (true or false), e.g. {% if segments.vip %}',
  journey: 'journey.scenario, journey.step, journey.variant, journey.program',
  unsubscribe_url: 'the signed one-click unsubscribe link',
  preferences_url: 'the link to the subscription preferences page',
  now: 'the send time',
} as const;
export type TemplateRoot = keyof typeof TEMPLATE_ROOTS;

export const JOURNEY_FIELDS = ['scenario', 'step', 'variant', 'program'] as const;
