/** The input of a simulation cannot be used as given; the message is complete and printed as is. */
export class SimulationInputError extends Error {
  override readonly name = 'SimulationInputError';
}
