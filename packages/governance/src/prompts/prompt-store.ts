import { InvalidRequestError } from '@sluice/errors';
import type { VersionedDocument, VersionedDocumentStore } from '../documents/versioned-document-store';
import { type PromptTemplate, PromptTemplateSchema } from './prompt-template';

export interface ResolvedPrompt {
  id: string;
  version: number;
  template: PromptTemplate;
}

const MAX_PINNED_VERSIONS = 1_000;

/**
 * Stored prompts for the request path: the latest version of each is cached (refreshed on invalidation); a pinned
 * older version is read once and kept, since versions never change.
 */
export class PromptStore {
  private latest = new Map<string, ResolvedPrompt>();
  private readonly pinned = new Map<string, ResolvedPrompt>();

  constructor(private readonly documents: VersionedDocumentStore) {}

  async refresh(): Promise<void> {
    const documents = await this.documents.allLatest();
    const latest = new Map<string, ResolvedPrompt>();
    for (const document of documents) {
      const resolved = toResolved(document);
      if (resolved) latest.set(document.id, resolved);
    }
    this.latest = latest;
  }

  async resolve(id: string, version: number | undefined): Promise<ResolvedPrompt> {
    const current = this.latest.get(id);
    if (version === undefined || current?.version === version) {
      if (current) return current;
      throw notFound(`no prompt named "${id}"`, 'prompt.id');
    }
    const key = `${id}@${version}`;
    const cached = this.pinned.get(key);
    if (cached) return cached;
    const document = await this.documents.version(id, version);
    const resolved = document ? toResolved(document) : undefined;
    if (!resolved) throw notFound(`prompt "${id}" has no version ${version}`, 'prompt.version');
    if (this.pinned.size >= MAX_PINNED_VERSIONS) this.pinned.clear();
    this.pinned.set(key, resolved);
    return resolved;
  }
}

function toResolved(document: VersionedDocument): ResolvedPrompt | undefined {
  const parsed = PromptTemplateSchema.safeParse(document.document);
  return parsed.success ? { id: document.id, version: document.version, template: parsed.data } : undefined;
}

function notFound(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError(message, { param, code: 'prompt_not_found' });
}
