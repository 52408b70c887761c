import { DomainError } from '@mizan/service-kit';

export const DEFAULT_ALIAS = 'production';

/** Which version a request asks for, by OIP's rule: empty is `production`, digits a number, anything else an alias. */
export type VersionSpec = { kind: 'alias'; alias: string } | { kind: 'number'; number: number };

const MAX_VERSION = 2 ** 31 - 1; // versions are int32 in the registry

export function parseVersionSpec(model: string, version: string): VersionSpec {
  if (version === '') return { kind: 'alias', alias: DEFAULT_ALIAS };
  if (/^\d+$/.test(version)) {
    const number = Number(version);
    if (number < 1 || number > MAX_VERSION) throw new DomainError('NOT_FOUND', `model "${model}" has no version ${version}`);
    return { kind: 'number', number };
  }
  return { kind: 'alias', alias: version };
}

export const describeSpec = (model: string, spec: VersionSpec): string =>
  spec.kind === 'number' ? `model "${model}" version ${spec.number}` : `model "${model}" (alias ${spec.alias})`;

/** The only NOT_FOUND message for a model, so that another tenant's model and no model at all read the same. */
export const modelNotFound = (model: string, spec: VersionSpec): DomainError =>
  new DomainError('NOT_FOUND', spec.kind === 'number' ? `model "${model}" has no version ${spec.number}` : `model "${model}" not found (alias ${spec.alias})`);

export function checkModelName(model: string): void {
  if (model === '') throw new DomainError('INVALID_ARGUMENT', 'model_name is required');
}
