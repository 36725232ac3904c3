/**
 * Names each node of a V8 CPU profile for people: its function and file, the package it belongs to (WebAssembly
 * and native frames take the package of the nearest JavaScript caller), and the nearest Sluice function on its
 * stack (a frame under packages/<name>/src or services/<name>/src).
 */
import { z } from 'zod';

export const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof CpuProfileSchema>;
type ProfileNode = CpuProfile['nodes'][number];

export interface FrameDescription {
  idle: boolean;
  functionName: string;
  packageName: string;
  nearestSluiceFrame: string;
}

const NO_SLUICE_FRAME = '(no Sluice frame on the stack: runtime, I/O callbacks, GC)';

export function describeFrames(profile: CpuProfile): Map<number, FrameDescription> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ancestors = function* (node: ProfileNode): Generator<ProfileNode> {
    for (
      let current: ProfileNode | undefined = node;
      current !== undefined;
      current = byId.get(parentOf.get(current.id) ?? -1)
    )
      yield current;
  };
  const described = new Map<number, FrameDescription>();
  for (const node of profile.nodes) {
    let packageName = ownPackage(node);
    if (packageName === undefined) {
      for (const ancestor of ancestors(node)) {
        packageName = ownPackage(ancestor);
        if (packageName !== undefined) break;
      }
    }
    let nearest = NO_SLUICE_FRAME;
    for (const ancestor of ancestors(node)) {
      if (isSluiceSource(ancestor.callFrame.url)) {
        nearest = functionLabel(ancestor);
        break;
      }
    }
    described.set(node.id, {
      idle: node.callFrame.functionName === '(idle)',
      functionName: functionLabel(node),
      packageName: packageName ?? special(node),
      nearestSluiceFrame: nearest,
    });
  }
  return described;
}

function special(node: ProfileNode): string {
  const name = node.callFrame.functionName;
  return name.startsWith('(') ? name : '(native, no JavaScript caller)';
}

/** The package a frame's own file belongs to; undefined for native and WebAssembly frames. */
function ownPackage(node: ProfileNode): string | undefined {
  const url = node.callFrame.url;
  if (url === '' || url.startsWith('wasm://')) return undefined;
  if (url.startsWith('node:')) return 'node core';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return /^((?:@[^/]+\/)?[^/]+)/.exec(path.slice(modules + 'node_modules/'.length))?.[1] ?? path;
  const workspace = /\/(packages|services)\/([^/]+)\//.exec(path);
  if (workspace?.[1] === 'packages') return `@sluice/${workspace[2]}`;
  if (workspace?.[1] === 'services') return `services/${workspace[2]}`;
  return path;
}

function isSluiceSource(url: string): boolean {
  return !url.includes('node_modules/') && /\/(packages|services)\/[^/]+\/src\//.test(url);
}

/** `name file:line`; repository files lose the line, which tsx's transpiled positions do not keep. */
function functionLabel(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (url === '') return functionName === '' ? '(anonymous native)' : functionName;
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0)
    return `${functionName || '(anonymous)'} ${path.slice(modules + 'node_modules/'.length)}:${lineNumber + 1}`;
  const repository = path.search(/\/(packages|services|test|bench)\//);
  return `${functionName || '(anonymous)'} ${repository >= 0 ? path.slice(repository + 1) : path}`;
}
