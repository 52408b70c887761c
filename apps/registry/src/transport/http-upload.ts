import type { IncomingMessage } from 'node:http';
import { DomainError, identityFromHeaders, sendJson, type Route, type TokenVerifier } from '@mizan/service-kit';
import type { Deps } from '../domain/ports.ts';
import { uploadArtifact } from '../domain/upload-artifact.ts';

// The kit's HTTP server answers 413 for an error carrying statusCode 413 (HTTP has its own code for this case).
const tooLarge = (message: string) => Object.assign(new Error(message), { statusCode: 413 });

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `POST /v1/uploads`: the raw artifact bytes as the body → `201 {"uploadId","sha256","size"}`. */
export function uploadRoute(deps: Deps, verifier: TokenVerifier): Route {
  return {
    method: 'POST',
    path: '/v1/uploads',
    async handler(req, res) {
      const who = await identityFromHeaders(verifier, req.headers);
      const max = deps.limits.maxArtifactBytes;
      const declared = Number(header(req, 'content-length') ?? NaN);
      if (declared > max) throw tooLarge(`artifact is larger than the limit of ${max} bytes`);
      const sha = header(req, 'content-sha256');
      const upload = await uploadArtifact(deps, who, { chunks: req, expectedSha256: () => sha }).catch((e: unknown) => {
        throw e instanceof DomainError && e.code === 'RESOURCE_EXHAUSTED' ? tooLarge(e.message) : e;
      });
      sendJson(res, 201, { uploadId: upload.id, sha256: upload.sha256, size: upload.size });
    },
  };
}
