import { status } from '@grpc/grpc-js';

/** The closed set of domain error codes; every transport maps each of them (STYLE.md §2.5). */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'RESOURCE_EXHAUSTED';

/** An error the caller can act on. `meta` goes to logs only, so it must hold no secrets. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly meta: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const GRPC: Record<ErrorCode, status> = {
  NOT_FOUND: status.NOT_FOUND,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
};

const GRAPHQL: Record<ErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_ARGUMENT: 'BAD_USER_INPUT',
  ALREADY_EXISTS: 'CONFLICT',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  PERMISSION_DENIED: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
};

const HTTP: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  RESOURCE_EXHAUSTED: 429,
};

const FROM_GRPC = new Map<number, ErrorCode>(Object.entries(GRPC).map(([k, v]) => [v, k as ErrorCode]));

/** Anything with a `code` drawn from ErrorCode counts as a domain error (packages throw their own typed errors). */
export function asDomainError(e: unknown): DomainError | undefined {
  if (e instanceof DomainError) return e;
  const code = e instanceof Error ? (e as unknown as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code in GRPC) return new DomainError(code as ErrorCode, (e as Error).message);
  return undefined;
}

export const grpcStatusOf = (code: ErrorCode): status => GRPC[code];
export const graphqlCodeOf = (code: ErrorCode): string => GRAPHQL[code];
export const httpStatusOf = (code: ErrorCode): number => HTTP[code];

/** Maps any thrown value to a gRPC status; unknown errors never leak their message. */
export function toGrpcStatus(e: unknown): { code: status; details: string } {
  const d = asDomainError(e);
  return d ? { code: GRPC[d.code], details: d.message } : { code: status.INTERNAL, details: 'Internal error' };
}

/** Turns a gRPC error received from another service back into a DomainError (for forwarding). */
export function fromGrpcError(e: unknown): DomainError | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'number') return undefined;
  const mapped = FROM_GRPC.get(code);
  const details = (e as { details?: string }).details ?? 'remote error';
  if (mapped) return new DomainError(mapped, details);
  if (code === status.CANCELLED) return new DomainError('UNAVAILABLE', `remote call cancelled: ${details}`);
  return undefined;
}
