// Codes are the service kit's ErrorCode vocabulary, so an app maps them with `new DomainError(e.code, e.message)`
// without this package depending on the kit.

/** The model bytes are not a servable ONNX model (malformed, too big, external data, unsupported types). */
export class OnnxModelError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OnnxModelError';
  }
}

/** onnxruntime refused or failed one inference (wrong input name, shape or type, …); the message is ORT's. */
export class OrtRunError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(
    message: string,
    readonly modelKey: string,
  ) {
    super(message);
    this.name = 'OrtRunError';
  }
}

/** The pool cannot serve the call: model not loaded (NOT_FOUND), pool closed or thread crashed (UNAVAILABLE). */
export class OrtPoolError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'OrtPoolError';
  }
}
