import { credentials, Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditV1, experimentV1, monitoringV1, oip, registryV1 } from './index.ts';

/** The top-level fields of an encoded message in wire order: number, wire type and where its tag starts. */
function topLevelFields(bytes: Uint8Array): Array<{ field: number; wireType: WireType; at: number }> {
  const reader = new BinaryReader(bytes);
  const fields: Array<{ field: number; wireType: WireType; at: number }> = [];
  while (reader.pos < reader.len) {
    const at = reader.pos;
    const [field, wireType] = reader.tag();
    fields.push({ field, wireType, at });
    reader.skip(wireType);
  }
  return fields;
}

const topLevelTags = (bytes: Uint8Array): Array<[number, WireType]> => topLevelFields(bytes).map(({ field, wireType }) => [field, wireType]);

function inferRequest(): oip.ModelInferRequest {
  return {
    modelName: 'fraud',
    modelVersion: '3',
    id: 'req-1',
    parameters: { priority: { parameterChoice: { $case: 'int64Param', value: 9_007_199_254_740_993n } } },
    inputs: [
      { name: 'x', datatype: 'FP32', shape: [1n, 2n], parameters: {} },
      { name: 'ids', datatype: 'INT64', shape: [1n], parameters: {} },
    ],
    outputs: [],
    rawInputContents: [new Uint8Array(new Float32Array([1.5, -2]).buffer), new Uint8Array(new BigInt64Array([-(2n ** 63n)]).buffer)],
  };
}

describe('OIP wire format (open_inference_grpc.proto)', () => {
  test('ModelInferRequest puts model_name in 1, inputs in 5 and raw_input_contents in 7', () => {
    const bytes = oip.ModelInferRequest.encode(inferRequest()).finish();
    expect(topLevelTags(bytes)).toEqual([
      [1, WireType.LengthDelimited],
      [2, WireType.LengthDelimited],
      [3, WireType.LengthDelimited],
      [4, WireType.LengthDelimited],
      [5, WireType.LengthDelimited],
      [5, WireType.LengthDelimited],
      [7, WireType.LengthDelimited],
      [7, WireType.LengthDelimited],
    ]);
    // Tag byte of field 7, length-delimited: (7 << 3) | 2 = 0x3a, then length 8 and the bytes of x.
    const at = topLevelFields(bytes).find(({ field }) => field === 7)!.at;
    expect([...bytes.subarray(at, at + 2)]).toEqual([0x3a, 8]);
    expect(new Float32Array(bytes.slice(at + 2, at + 10).buffer)).toEqual(new Float32Array([1.5, -2]));
  });

  test('ModelInferRequest round-trips, int64 exactly, and raw bytes decode as views of the input', () => {
    const request = inferRequest();
    const bytes = oip.ModelInferRequest.encode(request).finish();
    const decoded = oip.ModelInferRequest.decode(bytes);
    expect(decoded).toEqual(request);
    expect(decoded.rawInputContents[0]!.buffer).toBe(bytes.buffer);
    expect(new BigInt64Array(decoded.rawInputContents[1]!.slice().buffer)[0]).toBe(-(2n ** 63n));
  });

  test('ModelInferResponse puts outputs in 5 and raw_output_contents in 6', () => {
    const response: oip.ModelInferResponse = {
      modelName: 'fraud',
      modelVersion: '3',
      id: '',
      parameters: {},
      outputs: [{ name: 'y', datatype: 'UINT64', shape: [1n], parameters: {} }],
      rawOutputContents: [new Uint8Array(new BigUint64Array([2n ** 64n - 1n]).buffer)],
    };
    const bytes = oip.ModelInferResponse.encode(response).finish();
    expect(topLevelTags(bytes).map(([field]) => field)).toEqual([1, 2, 5, 6]);
    expect(oip.ModelInferResponse.decode(bytes)).toEqual(response);
  });

  test('InferTensorContents keeps the spec numbers and 64-bit values exact', () => {
    const contents: oip.InferTensorContents = {
      boolContents: [true],
      intContents: [-1],
      int64Contents: [-(2n ** 63n), 2n ** 63n - 1n],
      uintContents: [4_294_967_295],
      uint64Contents: [2n ** 64n - 1n],
      fp32Contents: [0.5],
      fp64Contents: [Number.MAX_VALUE],
      bytesContents: [new TextEncoder().encode('héllo')],
    };
    const bytes = oip.InferTensorContents.encode(contents).finish();
    expect(topLevelTags(bytes).map(([field]) => field)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(oip.InferTensorContents.decode(bytes)).toEqual(contents);
  });

  test('InferParameter is a oneof with the spec numbers', () => {
    const cases: Array<[oip.InferParameter['parameterChoice'], number]> = [
      [{ $case: 'boolParam', value: true }, 1],
      [{ $case: 'int64Param', value: -5n }, 2],
      [{ $case: 'stringParam', value: 's' }, 3],
      [{ $case: 'doubleParam', value: 0.25 }, 4],
      [{ $case: 'uint64Param', value: 2n ** 64n - 1n }, 5],
    ];
    for (const [parameterChoice, field] of cases) {
      const bytes = oip.InferParameter.encode({ parameterChoice }).finish();
      expect(topLevelTags(bytes).map(([f]) => f)).toEqual([field]);
      expect(oip.InferParameter.decode(bytes).parameterChoice).toEqual(parameterChoice);
    }
  });
});

describe('service definitions', () => {
  test('GRPCInferenceService has the OIP method paths', () => {
    const paths = Object.values(oip.GRPCInferenceServiceService).map((method) => method.path);
    expect(paths).toEqual([
      '/inference.GRPCInferenceService/ServerLive',
      '/inference.GRPCInferenceService/ServerReady',
      '/inference.GRPCInferenceService/ModelReady',
      '/inference.GRPCInferenceService/ServerMetadata',
      '/inference.GRPCInferenceService/ModelMetadata',
      '/inference.GRPCInferenceService/ModelInfer',
    ]);
    expect(oip.GRPCInferenceServiceService.modelInfer.path).toBe('/inference.GRPCInferenceService/ModelInfer');
  });

  test('internal services live in mizan.<service>.v1 with the designed streaming shapes', () => {
    const registry = registryV1.RegistryServiceService;
    expect(registry.uploadArtifact).toMatchObject({ path: '/mizan.registry.v1.RegistryService/UploadArtifact', requestStream: true, responseStream: false });
    expect(registry.getModelVersion).toMatchObject({ path: '/mizan.registry.v1.RegistryService/GetModelVersion', requestStream: false, responseStream: false });
    expect(registry.downloadArtifact).toMatchObject({ path: '/mizan.registry.v1.RegistryService/DownloadArtifact', requestStream: false, responseStream: true });
    expect(registry.watchAliases).toMatchObject({ path: '/mizan.registry.v1.RegistryService/WatchAliases', requestStream: false, responseStream: true });
    expect(auditV1.AuditServiceService.append.path).toBe('/mizan.audit.v1.AuditService/Append');
    expect(monitoringV1.MonitoringServiceService.recordInferences.path).toBe('/mizan.monitoring.v1.MonitoringService/RecordInferences');
    expect(experimentV1.ExperimentServiceService.getExperiment.path).toBe('/mizan.experiment.v1.ExperimentService/GetExperiment');
  });

  test('timestamps map to Date and int64 to bigint', () => {
    const event: auditV1.AuditEvent = {
      id: '0190f1c2-0000-7000-8000-000000000001', tenant: 'demo', actor: 'alice', action: 'alias.moved',
      entityType: 'ModelVersion', entityId: 'mv-1', payloadJson: '{}', occurredAt: new Date('2025-01-02T03:04:05.678Z'), requestId: 'r-1',
    };
    expect(auditV1.AuditEvent.decode(auditV1.AuditEvent.encode(event).finish())).toEqual(event);
    const alias: registryV1.AliasEvent = {
      revision: 2n ** 62n, tenant: 'demo', model: 'fraud', alias: 'production', version: 3, sha256: 'ab', deleted: false, snapshotComplete: false,
      modelVersion: { id: 'mv-1', model: 'fraud', number: 3, sha256: 'ab', size: 10n, format: 'onnx', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1n, 4n] }], outputs: [], createdAt: new Date(0), tenant: 'demo' },
    };
    expect(registryV1.AliasEvent.decode(registryV1.AliasEvent.encode(alias).finish())).toEqual(alias);
  });
});

describe('grpc-js round trip', () => {
  const server = new Server();
  let client: oip.GRPCInferenceServiceClient;

  beforeAll(async () => {
    server.addService(oip.GRPCInferenceServiceService, {
      modelInfer: (call: ServerUnaryCall<oip.ModelInferRequest, oip.ModelInferResponse>, done: sendUnaryData<oip.ModelInferResponse>) => {
        const { modelName, modelVersion, id, inputs, rawInputContents } = call.request;
        done(null, {
          modelName, modelVersion, id, parameters: {},
          outputs: inputs.map(({ name, datatype, shape }) => ({ name, datatype, shape, parameters: {} })),
          rawOutputContents: rawInputContents,
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))));
    client = new oip.GRPCInferenceServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(() => {
    client?.close();
    server.forceShutdown();
  });

  test('ModelInfer carries raw tensors through a real server', async () => {
    const request = inferRequest();
    const response = await new Promise<oip.ModelInferResponse>((resolve, reject) =>
      client.modelInfer(request, (err, res) => (err ? reject(err) : resolve(res))));
    expect(response.id).toBe('req-1');
    expect(response.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([['x', 'FP32', [1n, 2n]], ['ids', 'INT64', [1n]]]);
    expect(response.rawOutputContents.map((b) => [...b])).toEqual(request.rawInputContents.map((b) => [...b]));
  });
});
