import { ERROR_NAMES } from '../../language/error-names.ts';

/** The customer reached the goal: the state machine ends the journey in its Converted state. */
export class ConvertedError extends Error {
  override readonly name = ERROR_NAMES.converted;

  constructor() {
    super('the journey goal was reached');
  }
}

/** The profile is in quiet hours: the state machine waits for them to end, then sends. */
export class QuietHoursError extends Error {
  override readonly name = ERROR_NAMES.quietHours;

  constructor(readonly until: Date) {
    super(`quiet hours until ${until.toISOString()}`);
  }
}
