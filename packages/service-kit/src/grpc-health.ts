import { Metadata, status, type ServiceDefinition, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';

// The standard grpc.health.v1.Health service. Its two messages have one field each, so they are
// encoded by hand here rather than pulling a second protobuf runtime into every service.
export enum ServingStatus { UNKNOWN = 0, SERVING = 1, NOT_SERVING = 2, SERVICE_UNKNOWN = 3 }

interface HealthCheckRequest { service: string }
interface HealthCheckResponse { status: ServingStatus }

function decodeRequest(buf: Buffer): HealthCheckRequest {
  let i = 0;
  let service = '';
  while (i < buf.length) {
    const tag = buf[i++]!;
    const wire = tag & 7;
    let len = 0;
    let shift = 0;
    if (wire === 0) { while (buf[i++]! & 0x80); continue; }
    if (wire !== 2) throw new Error('unsupported wire type in HealthCheckRequest');
    for (;;) { const b = buf[i++]!; len |= (b & 0x7f) << shift; shift += 7; if (!(b & 0x80)) break; }
    if (tag >> 3 === 1) service = buf.toString('utf8', i, i + len);
    i += len;
  }
  return { service };
}

const encodeResponse = (r: HealthCheckResponse): Buffer => (r.status === 0 ? Buffer.alloc(0) : Buffer.from([0x08, r.status]));
const decodeResponse = (b: Buffer): HealthCheckResponse => ({ status: b.length >= 2 && b[0] === 0x08 ? (b[1] as ServingStatus) : ServingStatus.UNKNOWN });
const encodeRequest = (r: HealthCheckRequest): Buffer => {
  const s = Buffer.from(r.service, 'utf8');
  return s.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, s.length]), s]);
};

export const HealthService: ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false,
    requestSerialize: encodeRequest, requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse, responseDeserialize: decodeResponse,
  },
  Watch: {
    path: '/grpc.health.v1.Health/Watch', requestStream: false, responseStream: true,
    requestSerialize: encodeRequest, requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse, responseDeserialize: decodeResponse,
  },
};

/** Health state of one server: '' is the whole server, other names are its services. */
export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();

  constructor(services: string[]) {
    for (const s of ['', ...services]) this.statuses.set(s, ServingStatus.SERVING);
  }

  setAll(serving: boolean): void {
    for (const k of this.statuses.keys()) this.statuses.set(k, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    for (const w of this.watchers) w.write({ status: this.statuses.get(w.request.service) ?? ServingStatus.SERVICE_UNKNOWN });
  }

  implementation() {
    return {
      Check: (call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, cb: sendUnaryData<HealthCheckResponse>) => {
        const s = this.statuses.get(call.request.service);
        if (s === undefined) cb({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}`, metadata: new Metadata() });
        else cb(null, { status: s });
      },
      Watch: (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
        call.write({ status: this.statuses.get(call.request.service) ?? ServingStatus.SERVICE_UNKNOWN });
        this.watchers.add(call);
        call.on('cancelled', () => this.watchers.delete(call));
      },
    };
  }

  /** Ends open Watch streams so that a graceful shutdown is not held up by them. */
  endWatchers(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }
}
