import { ERRORS } from '../../state-machines/compiler/resources.ts';

/** The customer reached the goal: the state machine ends the journey in its Converted state. */
export class ConvertedError extends Error {
  override readonly name = ERRORS.converted;

  constructor() {
    super('the journey goal was reached');
  }
}

/** The profile is in quiet hours: the state machine waits for them to end, then sends. */
export class QuietHoursError extends Error {
  override readonly name = ERRORS.quietHours;

  constructor(readonly until: Date) {
    super(`quiet hours until ${until.toISOString()}`);
  }
}
