/**
 * Every error name Parcours throws, in one place. The Lambda runtime reports a thrown error's
 * `name` as its error type, the compiled state machines route Retry and Catch on it, and the
 * CLI and the local platform recognise their own failures by it: the names are a contract with
 * deployed state machines and scripts, so they never change and are never spelled out elsewhere.
 */
export const ERROR_NAMES = {
  /** Worth another attempt with backoff: throttling, a 5xx, a store error, a refused entry. */
  retryable: 'Parcours.Retryable',
  /**
   * Every attempt of a read-modify-write on one item lost to another writer (a burst of one
   * customer's events): the whole operation is worth another attempt, as any store error is.
   */
  writeConflict: 'Parcours.WriteConflict',
  /**
   * Another attempt of the same send step holds its claim. Retried on a fixed schedule that
   * outlasts a dead attempt's claim, so the retry can decide what became of it.
   */
  sendInProgress: 'Parcours.SendInProgress',
  /**
   * The provider may have taken a message whose answer never came. Never retried: a retry could
   * deliver it twice. The send step records it as an uncertain outcome instead of throwing it.
   */
  uncertainSend: 'Parcours.UncertainSend',
  /**
   * A change would take a customer's profile past what its data may use: the room above is kept
   * for opt-outs. The same change fails the same way on every attempt.
   */
  profileFull: 'Parcours.ProfileFull',
  /** Retrying cannot help: the provider or receiver refused, or the request itself is invalid. */
  permanentFailure: 'Parcours.PermanentFailure',
  /** The customer reached the journey's goal: the journey ends as converted. */
  converted: 'Parcours.Converted',
  /** The send falls in the profile's quiet hours: the journey waits for them to end. */
  quietHours: 'Parcours.QuietHours',
  /**
   * A wait `until` a date found the date already past (beyond a short grace): the journey ends
   * there, recorded as `date-passed`, rather than sending at once for a date that is gone.
   */
  datePassed: 'Parcours.DatePassed',
  /** A wait's date could not be read. */
  scheduleFailed: 'Parcours.ScheduleFailed',
  /** A function received input it cannot act on. */
  invalidInput: 'Parcours.InvalidInput',
  /**
   * A broadcast's audience is more than one invocation of the audience function can take (its
   * time or its memory). Never retried: the next attempt would meet the same audience.
   */
  audienceTooLarge: 'Parcours.AudienceTooLarge',
  /** A function's environment is missing or invalid at cold start. */
  configError: 'Parcours.ConfigError',
  /** The deployment settings or the project cannot be synthesized. */
  deployConfigError: 'Parcours.DeployConfigError',
  /** The project folder does not validate. */
  projectInvalid: 'Parcours.ProjectInvalid',
  /** The local platform's data folder cannot be used. */
  dataFolder: 'Parcours.DataFolder',
} as const;
