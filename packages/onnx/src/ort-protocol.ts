// Messages between OrtPool (main thread) and ort-thread.ts. Sessions are addressed by a pool-assigned
// session id, not the model key, so that a reload can stage a new session and switch atomically.
import type { OrtFeed, OrtResult } from './datatypes.ts';
import type { TensorSpec } from './inspect.ts';

export type ThreadRequest =
  | {
      op: 'load';
      id: number;
      session: string;
      model: Uint8Array; // a view of a SharedArrayBuffer, shared by every thread
      providers: string[];
      intraOpThreads: number;
      maxBytes: number;
    }
  | { op: 'unload'; id: number; session: string }
  | { op: 'run'; id: number; session: string; feeds: Record<string, OrtFeed>; outputNames?: string[] }
  | { op: 'close'; id: number }
  | { op: 'crash'; id: number }; // tests only: the thread dies of an uncaught error, as a bug in it would

export interface LoadReply {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  provider: string;
  fallbacks: { provider: string; reason: string }[];
}

export type ThreadErrorKind = 'model' | 'run' | 'not-found' | 'internal';
export type ThreadReply =
  | { id: number; ok: true; value: LoadReply | Record<string, OrtResult> | null }
  | { id: number; ok: false; kind: ThreadErrorKind; message: string };
