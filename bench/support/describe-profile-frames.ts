/**
 * Names each node of a V8 CPU profile for people: its function and file, the package it belongs to (WebAssembly
 * and native frames take the package of the nearest JavaScript caller), and the nearest Sluice function on its
 * stack (a frame under packages/<name>/src or services/<name>/src).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
        columnNumber: z.number(),
      }),
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

export function describeFrames(bundled: CpuProfile): Map<number, FrameDescription> {
  const profile = withOriginalSources(bundled);
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

/**
 * The profile with each frame of a bundled file (`npm start` runs dist/gateway/*.js) named by the source it was built
 * from, read from the bundle's source maps: without them every Sluice frame would be a chunk of the bundle.
 */
function withOriginalSources(profile: CpuProfile): CpuProfile {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string): SourceMap | undefined => {
    if (!maps.has(url)) {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      const mapFile = `${file}.map`;
      maps.set(
        url,
        file.endsWith('.js') && existsSync(mapFile)
          ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')))
          : undefined,
      );
    }
    return maps.get(url);
  };
  const nodes = profile.nodes.map((node) => {
    const { url, lineNumber, columnNumber } = node.callFrame;
    const entry = url === '' || url.startsWith('node:') ? undefined : mapOf(url)?.findEntry(lineNumber, columnNumber);
    const source = entry && 'originalSource' in entry ? entry.originalSource : undefined;
    return typeof source !== 'string' ? node : { ...node, callFrame: { ...node.callFrame, url: source } };
  });
  return { ...profile, nodes };
}
