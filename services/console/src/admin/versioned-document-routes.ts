import { ConflictError, InvalidRequestError, NotFoundError } from '@sluice/errors';
import type { InvalidationBus, InvalidationTopic, VersionedDocument, VersionedDocumentStore } from '@sluice/governance';
import { parseInput } from '@sluice/json-input';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { checkDocumentId } from './check-document-id';

export interface VersionedDocumentRouteOptions {
  /** `config` or `prompt`: names the document in bodies and messages. */
  kind: 'config' | 'prompt';
  documents: VersionedDocumentStore;
  /** Validates a document for storing (400 naming every bad path); returns what is stored. */
  validate(document: unknown): unknown;
  /** Extra fields shown with a version (a prompt's variables). */
  describe?(document: unknown): Record<string, unknown>;
  /** Documents that exist outside the store (configs from the file), shown when no stored version exists. */
  fileDocument?(id: string): unknown;
  /** The ids of those documents, listed beside the stored ones. */
  fileIds?(): string[];
  /** What still names a document (refuses its deletion with 409 while any); absent: nothing is checked. */
  referencesTo?(id: string): Promise<string[]>;
  refresh(): Promise<void>;
  topic: InvalidationTopic;
  bus: InvalidationBus;
}

const RollbackSchema = z.strictObject({ version: z.number().int().positive() });
const VersionQuerySchema = z.coerce.number().int().positive();

/**
 * Versioned documents: POST or PUT /:id stores a new version (the live one), GET /:id the live version (or
 * `?version=N`), GET / every live one (file documents too, `source: "file"`), GET /:id/versions the history,
 * POST /:id/rollback `{ version }` a new version copying an old one, POST /:id/validate checks a document without
 * storing it (every problem with its path), DELETE /:id every version (409 while something still names it). Each
 * change is refreshed here at once and announced to every other ingress.
 */
export function versionedDocumentRoutes(options: VersionedDocumentRouteOptions): Router {
  const router = Router();
  const view = (document: VersionedDocument) => ({
    object: options.kind,
    id: document.id,
    version: document.version,
    [options.kind]: document.document,
    ...options.describe?.(document.document),
    rolled_back_from: document.rolledBackFrom,
    created_at: document.createdAt,
  });
  const announce = async () => {
    await options.refresh();
    await options.bus.publish(options.topic);
  };
  const store = async (id: string, document: unknown, rolledBackFrom: number | null) => {
    const stored = await options.documents.append(id, document, rolledBackFrom);
    await announce();
    return view(stored);
  };
  const create: RequestHandler<{ id: string }> = async (request, response) => {
    const id = checkDocumentId(String(request.params.id));
    response.status(201).json(await store(id, options.validate(unwrap(request.body, options.kind)), null));
  };
  router.post('/:id', create);
  router.put('/:id', create);
  const fileView = (id: string, document: unknown) => ({
    object: options.kind,
    id,
    version: null,
    source: 'file',
    [options.kind]: document,
  });
  router.get('/', async (_request, response) => {
    const latest = await options.documents.allLatest();
    const stored = new Set(latest.map((document) => document.id));
    const fromFile = (options.fileIds?.() ?? [])
      .filter((id) => !stored.has(id))
      .map((id) => fileView(id, options.fileDocument?.(id)));
    response.json({ object: 'list', data: [...latest.map(view), ...fromFile] });
  });
  router.post('/:id/validate', (request, response) => {
    checkDocumentId(String(request.params.id));
    try {
      options.validate(unwrap(request.body, options.kind));
      response.json({ object: 'validation', valid: true, problems: [] });
    } catch (error) {
      if (!(error instanceof InvalidRequestError) || error.problems.length === 0) throw error;
      response.json({ object: 'validation', valid: false, problems: error.problems });
    }
  });
  router.get('/:id', async (request, response) => {
    const version = request.query.version === undefined ? undefined : parseVersion(request.query.version);
    const document =
      version === undefined
        ? await options.documents.latest(request.params.id)
        : await options.documents.version(request.params.id, version);
    if (document) return void response.json(view(document));
    const fromFile = version === undefined ? options.fileDocument?.(request.params.id) : undefined;
    if (fromFile === undefined) throw notFound(options.kind, request.params.id, version);
    response.json(fileView(request.params.id, fromFile));
  });
  router.get('/:id/versions', async (request, response) => {
    const versions = await options.documents.versions(request.params.id);
    if (versions.length === 0) throw notFound(options.kind, request.params.id, undefined);
    response.json({ object: 'list', data: versions.map(view) });
  });
  router.delete('/:id', async (request, response) => {
    const id = request.params.id;
    if ((await options.documents.latest(id)) === undefined) throw notFound(options.kind, id, undefined);
    const references = (await options.referencesTo?.(id)) ?? [];
    if (references.length > 0) {
      throw new ConflictError(
        `${options.kind} "${id.slice(0, 140)}" is still used by ${references.join(', ')}; change those first`,
        `${options.kind}_in_use`,
      );
    }
    await options.documents.remove(id);
    await announce();
    response.json({ id, object: options.kind, deleted: true });
  });
  router.post('/:id/rollback', async (request, response) => {
    const { version } = parseInput(RollbackSchema, request.body, 'rollback');
    const target = await options.documents.version(request.params.id, version);
    if (!target) throw notFound(options.kind, request.params.id, version);
    response.status(201).json(await store(target.id, options.validate(target.document), version));
  });
  return router;
}

/** `{ "config": {...} }` and a bare config are both accepted (likewise for prompts). */
function unwrap(body: unknown, kind: string): unknown {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    if (keys.length === 1 && keys[0] === kind) return (body as Record<string, unknown>)[kind];
  }
  return body;
}

function parseVersion(value: unknown): number {
  const parsed = VersionQuerySchema.safeParse(value);
  if (!parsed.success) throw new InvalidRequestError('version must be a positive whole number', { param: 'version' });
  return parsed.data;
}

function notFound(kind: 'config' | 'prompt', id: string, version: number | undefined): NotFoundError {
  const what =
    version === undefined
      ? `no ${kind} named "${id.slice(0, 140)}"`
      : `${kind} "${id.slice(0, 140)}" has no version ${version}`;
  return new NotFoundError(what, `${kind}_not_found`);
}
