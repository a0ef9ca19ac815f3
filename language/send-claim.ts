/**
 * How long a send claim may belong to a live attempt: a contract between the send function and
 * the compiled Retry of send states. The send function times out well before (30 s), so an older
 * claim belongs to an attempt that died: the next attempt takes it over, or, when the dead attempt
 * had already called the provider, records the send as uncertain.
 */
export const SEND_CLAIM_LIFETIME_SECONDS = 60;
