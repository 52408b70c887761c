/**
 * A tensor that does not match its datatype, shape or the OIP encoding rules. The service kit maps
 * errors by `code`, so this becomes gRPC INVALID_ARGUMENT / HTTP 400 at the transport edge.
 */
export class TensorCodecError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    message: string,
    /** The tensor's name when the error concerns one tensor. */
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'TensorCodecError';
  }
}
