import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { PromptStore } from '../prompts/prompt-store';
import { PromptReferenceSchema, renderPrompt } from '../prompts/prompt-template';

/**
 * Renders `"prompt": { "id", "version"?, "variables" }` into the body: the template's messages come first, then the
 * request's own; the template's model and parameters fill what the request leaves unset. Returns the prompt's id and
 * version, for the request log; undefined when the body names none.
 */
export async function applyStoredPrompt(
  body: Record<string, unknown>,
  prompts: PromptStore,
): Promise<{ id: string; version: number } | undefined> {
  if (body.prompt === undefined || body.prompt === null || typeof body.prompt !== 'object') return undefined;
  const reference = PromptReferenceSchema.safeParse(body.prompt);
  if (!reference.success)
    throw InvalidRequestError.fromProblems('prompt reference', zodProblems(reference.error.issues, 'prompt'));
  const resolved = await prompts.resolve(reference.data.id, reference.data.version);
  const rendered = renderPrompt(resolved.template, reference.data.variables);
  body.messages = [...rendered.messages, ...(Array.isArray(body.messages) ? body.messages : [])];
  for (const [name, value] of Object.entries(rendered.params)) {
    if (body[name] === undefined) body[name] = value;
  }
  if (body.model === undefined && rendered.model !== undefined) body.model = rendered.model;
  delete body.prompt;
  return { id: resolved.id, version: resolved.version };
}
