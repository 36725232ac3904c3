import { governanceOf } from '@sluice/governance';
import type { Request } from 'express';

/** Whose jobs, files and batches a request creates (`owner`) and may see (`scope`; undefined: everyone's). */
export interface RequestOwner {
  owner: string;
  scope: string | undefined;
}

/** A virtual key owns and sees only its own; the admin and an open gateway create as `_` and see everything. */
export function requestOwner(request: Request): RequestOwner {
  const principal = governanceOf(request)?.principal;
  if (principal?.kind === 'virtual-key') return { owner: principal.key.record.id, scope: principal.key.record.id };
  return { owner: '_', scope: undefined };
}

/** True when a thing owned by `owner` is visible within `scope`. */
export function isVisible(owner: string, scope: string | undefined): boolean {
  return scope === undefined || owner === scope;
}
