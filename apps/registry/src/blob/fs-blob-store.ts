import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DomainError } from '@mizan/service-kit';
import { BLOB_HEADER_BYTES, decodeBlobHeader, encodeBlobHeader } from '../domain/blob-format.ts';
import type { BlobStore, StagedBlob } from '../domain/ports.ts';
import { isSha256 } from '../domain/rules.ts';

// A tenant id becomes a folder name: no separators, and no leading dot ('.', '..', hidden names).
const SAFE_TENANT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

const notFound = () => new DomainError('NOT_FOUND', 'artifact not found');
const corrupt = (sha: string) => new DomainError('FAILED_PRECONDITION', `stored artifact ${sha} does not match its sha256; upload it again`);

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.byteLength;) off += (await fh.write(bytes, off, bytes.byteLength - off)).bytesWritten;
}

/**
 * Blobs as files `<root>/<tenant>/<sha256>`, each starting with the blob header. Writes go to a staging
 * file in the same folder, are fsynced and then renamed into place, so a reader never sees half a blob.
 */
export function createFsBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const folder = (tenant: string) => (SAFE_TENANT.test(tenant) ? join(base, tenant) : undefined);
  const pathOf = (tenant: string, sha: string) => {
    const dir = folder(tenant);
    return dir && isSha256(sha) ? join(dir, sha) : undefined;
  };

  async function openBlob(tenant: string, sha: string): Promise<FileHandle> {
    const path = pathOf(tenant, sha);
    if (!path) throw notFound();
    try {
      return await open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound();
      throw e;
    }
  }

  return {
    async stage(tenant, chunks): Promise<StagedBlob> {
      const dir = folder(tenant);
      if (!dir) throw new DomainError('INVALID_ARGUMENT', 'the tenant id of this token cannot name a storage folder');
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.staging-${randomBytes(12).toString('hex')}`);
      const fh = await open(tmp, 'wx', 0o600);
      const hash = createHash('sha256');
      let size = 0;
      try {
        await writeAll(fh, encodeBlobHeader());
        for await (const c of chunks) {
          hash.update(c);
          size += c.byteLength;
          await writeAll(fh, c);
        }
        await fh.sync();
      } catch (e) {
        await fh.close().catch(() => undefined);
        await rm(tmp, { force: true });
        throw e;
      }
      await fh.close();
      const sha256 = hash.digest('hex');
      return {
        sha256,
        size,
        // Same bytes, same address: replacing an existing blob by rename is harmless and atomic.
        commit: () => rename(tmp, join(dir, sha256)),
        discard: () => rm(tmp, { force: true }),
      };
    },

    async read(tenant, sha) {
      const path = pathOf(tenant, sha);
      if (!path) throw notFound();
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound();
        throw e;
      }
      const { headerBytes } = decodeBlobHeader(bytes);
      const body = bytes.subarray(headerBytes);
      if (createHash('sha256').update(body).digest('hex') !== sha) throw corrupt(sha);
      return body;
    },

    async stream(tenant, sha, chunkBytes) {
      const fh = await openBlob(tenant, sha);
      try {
        const head = Buffer.alloc(BLOB_HEADER_BYTES);
        const { bytesRead } = await fh.read(head, 0, BLOB_HEADER_BYTES, 0);
        decodeBlobHeader(head.subarray(0, bytesRead));
      } catch (e) {
        await fh.close();
        throw e;
      }
      return (async function* () {
        const hash = createHash('sha256');
        let pos = BLOB_HEADER_BYTES;
        try {
          for (;;) {
            const buf = Buffer.allocUnsafe(chunkBytes); // a fresh buffer per chunk: gRPC keeps it until sent
            const { bytesRead } = await fh.read(buf, 0, chunkBytes, pos);
            if (bytesRead === 0) break;
            pos += bytesRead;
            const chunk = buf.subarray(0, bytesRead);
            hash.update(chunk);
            yield chunk;
          }
          if (hash.digest('hex') !== sha) throw corrupt(sha);
        } finally {
          await fh.close();
        }
      })();
    },
  };
}
