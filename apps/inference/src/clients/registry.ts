import { registryV1 } from '@mizan/protos';
import { createGrpcClient, serverStreamCall, unaryCall } from '@mizan/service-kit';
import type { AliasChange, RegistryPort, VersionRef } from '../domain/ports.ts';
import { ArtifactTooLargeError } from '../domain/verify-artifact.ts';

type Client = InstanceType<typeof registryV1.RegistryServiceClient>;

/** The registry over gRPC, always as this service (its own token), naming the tenant where a call needs one. */
export function registryClient(target: string, token: () => string): RegistryPort & { close(): void } {
  const client: Client = createGrpcClient(registryV1.RegistryServiceClient, target);
  return {
    async *watchAliases(fromRevision, signal) {
      const { stream } = serverStreamCall(client.watchAliases.bind(client), { fromRevision }, { token: token(), signal });
      for await (const e of stream) yield toChange(e);
    },

    async downloadArtifact(tenant, sha256, maxBytes) {
      const ac = new AbortController();
      const { stream } = serverStreamCall(client.downloadArtifact.bind(client), { tenant, sha256 }, { token: token(), deadlineMs: 10 * 60_000, signal: ac.signal });
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const m of stream) {
        size += m.chunk.byteLength;
        if (size > maxBytes) {
          ac.abort();
          throw new ArtifactTooLargeError(maxBytes);
        }
        chunks.push(m.chunk);
      }
      return Buffer.concat(chunks, size);
    },

    async getModelVersion(tenant, model, version): Promise<VersionRef> {
      const v = await unaryCall<registryV1.GetModelVersionRequest, registryV1.ModelVersion>(
        client.getModelVersion.bind(client) as never,
        { tenant, model, version: String(version) },
        { token: token(), deadlineMs: 5_000 },
      );
      return { number: v.number, sha256: v.sha256 };
    },

    close: () => client.close(),
  };
}

const toChange = (e: registryV1.AliasEvent): AliasChange => ({
  revision: e.revision,
  tenant: e.tenant,
  model: e.model,
  alias: e.alias,
  version: e.version,
  // The event names the sha256; model_version repeats it (older registries may fill only one).
  sha256: e.sha256 || e.modelVersion?.sha256 || '',
  deleted: e.deleted,
  snapshotComplete: e.snapshotComplete,
});
