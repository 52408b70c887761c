import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromJsonTensor, stringifyJson, toJsonTensor, type JsonTensorInput } from '@mizan/oip';
import { DomainError, identityFromHeaders, readBody, sendJson, type HttpCtx, type Route, type TokenVerifier } from '@mizan/service-kit';
import type { ModelMetadata } from '../domain/get-model-metadata.ts';
import type { CallInfo, OipBackend, TensorInferRequest } from './oip-backend.ts';
import { SERVER_METADATA } from './oip-mapping.ts';

/** OIP REST keeps the spec's error body: {"error": "..."}. */
const errorBody = (message: string) => ({ error: message });
const invalid = (message: string) => new DomainError('INVALID_ARGUMENT', message);

function sendRaw(res: ServerResponse, statusCode: number, body: string): void {
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The call's request id and trace, with a signal that aborts when the client goes away before the answer. */
const callInfo = (req: IncomingMessage, res: ServerResponse, ctx: HttpCtx): CallInfo => {
  const ac = new AbortController();
  res.once('close', () => !res.writableFinished && ac.abort());
  return { requestId: ctx.requestId, traceparent: req.headers.traceparent as string | undefined, signal: ac.signal };
};

const restMetadata = (m: ModelMetadata) => ({
  name: m.name,
  versions: m.versions,
  platform: m.platform,
  inputs: m.inputs,
  outputs: m.outputs,
  parameters: m.properties,
});

/** Parses an OIP REST inference request body into tensors; every mistake is INVALID_ARGUMENT with the field named. */
export function parseInferBody(body: Buffer, model: string, version: string): TensorInferRequest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('request body is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalid('request body must be a JSON object');
  const { id, inputs, outputs } = json as { id?: unknown; inputs?: unknown; outputs?: unknown };
  if (id !== undefined && typeof id !== 'string') throw invalid('"id" must be a string');
  if (!Array.isArray(inputs)) throw invalid('"inputs" must be an array of tensors');
  if (outputs !== undefined && (!Array.isArray(outputs) || !outputs.every((o) => o && typeof (o as { name?: unknown }).name === 'string'))) {
    throw invalid('"outputs" must be an array of {"name": string}');
  }
  return {
    model,
    version,
    id: id ?? '',
    inputs: inputs.map((t) => fromJsonTensor(t as JsonTensorInput, 'input')),
    outputs: ((outputs ?? []) as Array<{ name: string }>).map((o) => o.name),
  };
}

/** OIP REST (KServe V2 HTTP/JSON) over a backend: the worker's own use cases, or the router's forwarding. */
export function oipRestRoutes(backend: OipBackend, verifier: TokenVerifier): Route[] {
  const who = (req: IncomingMessage) => identityFromHeaders(verifier, req.headers);
  const version = (ctx: HttpCtx) => ctx.params.version ?? '';

  const metadata = async (req: IncomingMessage, res: ServerResponse, ctx: HttpCtx) => {
    const m = await backend.modelMetadata(await who(req), ctx.params.model!, version(ctx), callInfo(req, res, ctx));
    sendJson(res, 200, restMetadata(m));
  };
  const ready = async (req: IncomingMessage, res: ServerResponse, ctx: HttpCtx) => {
    const ok = await backend.modelReady(await who(req), ctx.params.model!, version(ctx), callInfo(req, res, ctx));
    // OIP: readiness is the status code, 200 true and 4xx false.
    sendJson(res, ok ? 200 : 400, { name: ctx.params.model, ready: ok });
  };
  const infer = async (req: IncomingMessage, res: ServerResponse, ctx: HttpCtx) => {
    const caller = await who(req);
    const request = parseInferBody(await readBody(req), ctx.params.model!, version(ctx));
    const out = await backend.infer(caller, request, callInfo(req, res, ctx));
    sendRaw(res, 200, stringifyJson({
      model_name: out.model,
      model_version: out.version,
      ...(out.id && { id: out.id }),
      outputs: out.outputs.map((t) => toJsonTensor(t, 'output')),
    }));
  };

  const routes: Array<Omit<Route, 'errorBody'>> = [
    { method: 'GET', path: '/v2/health/live', handler: async (_req, res) => sendJson(res, 200, { live: true }) },
    { method: 'GET', path: '/v2/health/ready', handler: async (_req, res) => sendJson(res, backend.ready() ? 200 : 400, { ready: backend.ready() }) },
    { method: 'GET', path: '/v2', handler: async (req, res) => { await who(req); sendJson(res, 200, SERVER_METADATA); } },
    { method: 'GET', path: '/v2/models/:model', handler: metadata },
    { method: 'GET', path: '/v2/models/:model/versions/:version', handler: metadata },
    { method: 'GET', path: '/v2/models/:model/ready', handler: ready },
    { method: 'GET', path: '/v2/models/:model/versions/:version/ready', handler: ready },
    { method: 'POST', path: '/v2/models/:model/infer', handler: infer },
    { method: 'POST', path: '/v2/models/:model/versions/:version/infer', handler: infer },
  ];
  return routes.map((r) => ({ ...r, errorBody }));
}
