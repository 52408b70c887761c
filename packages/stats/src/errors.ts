/** Which rule an input broke, so that callers can map the error without parsing its message. */
export type StatsErrorCode =
  | 'EMPTY_SAMPLE'
  | 'TOO_FEW'
  | 'NOT_FINITE'
  | 'NEGATIVE'
  | 'NOT_INTEGER'
  | 'OUT_OF_RANGE'
  | 'LENGTH_MISMATCH'
  | 'WEIGHTS_NOT_NORMALISED'
  | 'DEGENERATE'
  | 'INCOMPATIBLE'
  | 'INVALID_STATE';

/** Thrown for every input the engine refuses; no function returns NaN for bad input instead. */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';

  constructor(
    readonly code: StatsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
