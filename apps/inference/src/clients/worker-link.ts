import { Client, credentials, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { inferenceV1, oip } from '@mizan/protos';
import { createGrpcClient, serverStreamCall, type Logger } from '@mizan/service-kit';
import type { WorkerDirectory, WorkerState } from '../domain/worker-directory.ts';

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const identity = (b: Buffer): Buffer => b;

/** The router's connections to one worker: its state stream, a typed OIP client and a raw-bytes one. */
export interface WorkerLink {
  readonly address: string;
  readonly oip: InstanceType<typeof oip.GRPCInferenceServiceClient>;
  /** Unary call with the request and response as undecoded bytes (the router's ModelInfer fast path). */
  rawUnary(path: string, body: Buffer, metadata: Metadata, deadline: number, signal: AbortSignal): Promise<Buffer>;
  close(): void;
}

export function connectWorker(address: string, o: { directory: WorkerDirectory; token: () => string; log: Logger }): WorkerLink {
  const options = {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_time_ms': 30_000,
  };
  const typed = createGrpcClient(oip.GRPCInferenceServiceClient, address);
  const raw = new Client(address, credentials.createInsecure(), options);
  const stateClient = createGrpcClient(inferenceV1.WorkerServiceClient, address);
  const stop = new AbortController();
  const log = o.log.child({ worker: address });

  void (async () => {
    let backoff = 100;
    while (!stop.signal.aborted) {
      try {
        const { stream } = serverStreamCall(stateClient.watchState.bind(stateClient), {}, { token: o.token(), signal: stop.signal });
        for await (const s of stream) {
          if (backoff > 100) log.info('worker state stream connected');
          backoff = 100;
          o.directory.update(address, toState(s));
        }
      } catch (err) {
        if (stop.signal.aborted) break;
        if (backoff === 100 || backoff >= 5_000) log.warn({ err, retryInMs: backoff }, 'worker state stream failed; the worker gets no traffic until it is back');
      }
      o.directory.disconnected(address);
      await new Promise((r) => setTimeout(r, backoff * (0.5 + Math.random() / 2)).unref());
      backoff = Math.min(5_000, backoff * 2);
    }
    o.directory.disconnected(address);
  })();

  return {
    address,
    oip: typed,
    rawUnary(path, body, metadata, deadline, signal) {
      return new Promise((resolve, reject) => {
        const call = raw.makeUnaryRequest<Buffer, Buffer>(path, identity, identity, body, metadata, { deadline }, (err: ServiceError | null, res?: Buffer) =>
          err ? reject(err) : resolve(res!),
        );
        signal.addEventListener('abort', () => call.cancel(), { once: true });
      });
    },
    close() {
      stop.abort();
      typed.close();
      raw.close();
      stateClient.close();
    },
  };
}

const toState = (s: inferenceV1.WorkerState): WorkerState => ({
  worker: s.worker,
  tier: s.tier,
  ready: s.ready,
  queueDepth: s.queueDepth,
  busyThreads: s.busyThreads,
  threads: s.threads,
  models: s.models.map((m) => ({
    tenant: m.tenant, model: m.model, version: m.version, sha256: m.sha256, aliases: m.aliases, provider: m.provider, ready: m.ready, queueDepth: m.queueDepth,
  })),
});
