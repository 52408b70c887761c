import { credentials, Metadata, type CallOptions, type Client, type ClientReadableStream, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { DomainError, fromGrpcError } from './errors.ts';

type ClientCtor<C> = new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options?: Record<string, unknown>) => C;

/** A grpc-js client for a generated service; plaintext in dev (mTLS arrives with the security issue). */
export function createGrpcClient<C extends Client>(Ctor: ClientCtor<C>, address: string, maxMessageBytes = 64 * 1024 * 1024): C {
  return new Ctor(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': 30_000,
  });
}

export interface CallOpts {
  /** The bearer token to present (the caller's, forwarded, or this service's own). */
  token?: string;
  requestId?: string;
  /** Every call has a deadline; 5 s unless told otherwise. */
  deadlineMs?: number;
  signal?: AbortSignal;
}

export function callMetadata(o: CallOpts): Metadata {
  const md = new Metadata();
  if (o.token) md.set('authorization', `Bearer ${o.token}`);
  if (o.requestId) md.set('x-request-id', o.requestId);
  return md;
}

const callOptions = (o: CallOpts): CallOptions => ({ deadline: Date.now() + (o.deadlineMs ?? 5_000) });

type UnaryMethod<Req, Res> = (req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (err: ServiceError | null, res: Res) => void) => ClientUnaryCall;

/** Promise form of a unary call with a deadline; remote errors come back as DomainError where the code maps. */
export function unaryCall<Req, Res>(method: UnaryMethod<Req, Res>, req: Req, o: CallOpts = {}): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const call = method(req, callMetadata(o), callOptions(o), (err, res) => {
      if (err) reject(fromGrpcError(err) ?? new DomainError('UNAVAILABLE', `upstream call failed: ${err.details || err.message}`));
      else resolve(res);
    });
    o.signal?.addEventListener('abort', () => call.cancel(), { once: true });
  });
}

/** A server stream as an async iterable (no deadline unless given: streams are long-lived). */
export function serverStreamCall<Req, Res>(
  method: (req: Req, md: Metadata, opts?: Partial<CallOptions>) => ClientReadableStream<Res>,
  req: Req,
  o: CallOpts = {},
): { stream: AsyncIterable<Res>; cancel(): void } {
  const call = method(req, callMetadata(o), o.deadlineMs ? callOptions(o) : {});
  o.signal?.addEventListener('abort', () => call.cancel(), { once: true });
  async function* iterate(): AsyncGenerator<Res> {
    try {
      for await (const m of call as AsyncIterable<Res>) yield m;
    } catch (e) {
      throw fromGrpcError(e) ?? e;
    }
  }
  return { stream: iterate(), cancel: () => call.cancel() };
}
