import { registryV1 } from '@mizan/protos';
import { DomainError, type Rpc } from '@mizan/service-kit';
import { downloadArtifact } from '../domain/download-artifact.ts';
import { getModelVersion } from '../domain/get-model-version.ts';
import type { Deps } from '../domain/ports.ts';
import { uploadArtifact } from '../domain/upload-artifact.ts';
import { watchAliases } from '../domain/watch-aliases.ts';
import { toAliasEventProto, toUploadProto, toVersionProto } from './mappers.ts';

/** A stream write that gives up when the call ends: a cancelled call never emits 'drain'. */
const until = (signal: AbortSignal, p: Promise<void>): Promise<void> =>
  signal.aborted ? Promise.resolve() : Promise.race([p, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);

export const registryService = (deps: Deps, rpc: Rpc, shutdown: AbortSignal) => ({
  name: 'mizan.registry.v1.RegistryService',
  definition: registryV1.RegistryServiceService,
  implementation: {
    uploadArtifact: rpc.clientStream<registryV1.UploadArtifactRequest, registryV1.UploadArtifactResponse>(async (messages, ctx) => {
      let expected: string | undefined;
      async function* chunks(): AsyncGenerator<Uint8Array> {
        for await (const m of messages) {
          if (m.sha256) {
            if (expected && expected !== m.sha256) throw new DomainError('INVALID_ARGUMENT', 'sha256: differs between messages of the stream');
            expected = m.sha256;
          }
          if (m.chunk.byteLength > 0) yield m.chunk;
        }
      }
      return toUploadProto(await uploadArtifact(deps, ctx.who, { chunks: chunks(), expectedSha256: () => expected }));
    }),

    getModelVersion: rpc.unary<registryV1.GetModelVersionRequest, registryV1.ModelVersion>(async (req, ctx) =>
      toVersionProto(await getModelVersion(deps, ctx.who, { model: req.model, version: req.version, tenant: req.tenant || undefined }))),

    downloadArtifact: rpc.serverStream<registryV1.DownloadArtifactRequest, registryV1.DownloadArtifactResponse>(async (req, write, ctx) => {
      for await (const chunk of await downloadArtifact(deps, ctx.who, { tenant: req.tenant, sha256: req.sha256 })) {
        await until(ctx.signal, write({ chunk }));
        if (ctx.signal.aborted) return;
      }
    }),

    watchAliases: rpc.serverStream<registryV1.WatchAliasesRequest, registryV1.AliasEvent>(async (req, write, ctx) => {
      const signal = AbortSignal.any([ctx.signal, shutdown]);
      await watchAliases(deps, ctx.who, { fromRevision: req.fromRevision }, (m) => until(signal, write(toAliasEventProto(m))), signal);
    }),
  } satisfies registryV1.RegistryServiceServer,
});
