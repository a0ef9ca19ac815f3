/**
 * The keys that name a trigger other than an event pattern; no EventBridge event has them at its
 * top. Apart from the trigger's schemas (trigger.ts) and from the functions that tell its kinds
 * apart (trigger-kind.ts), which both read them.
 */
export const TRIGGER_FORMS = ['schedule', 'segment', 'anniversary'] as const;
export type TriggerForm = (typeof TRIGGER_FORMS)[number];
