import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { PromptReferenceSchema, type PromptStore, renderPrompt } from '@sluice/governance';
import type { RequestGovernance } from '../request-governance';

/**
 * Renders `"prompt": { "id", "version"?, "variables" }` into the body: the template's messages come first, then the
 * request's own; the template's model and parameters fill what the request leaves unset. The id and version go to
 * the request log.
 */
export async function applyStoredPrompt(
  body: Record<string, unknown>,
  prompts: PromptStore,
  governance: RequestGovernance,
): Promise<void> {
  if (body.prompt === undefined || body.prompt === null || typeof body.prompt !== 'object') return;
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
  governance.prompt = { id: resolved.id, version: resolved.version };
}
