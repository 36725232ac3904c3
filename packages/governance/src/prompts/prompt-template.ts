import { type FieldProblem, InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

const TemplateMessageSchema = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.string().max(1_000_000),
});

/** A stored prompt: messages (or one user `template`) with `{{variables}}`, and optional model and parameters. */
export const PromptTemplateSchema = z
  .strictObject({
    messages: z.array(TemplateMessageSchema).min(1).max(500).optional(),
    template: z.string().min(1).max(1_000_000).optional(),
    model: z.string().min(1).max(256).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    /** Defaults for variables a request does not give. */
    variables: z.record(z.string(), z.string()).optional(),
  })
  .refine((prompt) => (prompt.messages === undefined) !== (prompt.template === undefined), {
    message: 'give either messages or template',
    path: ['messages'],
  });
export type PromptTemplate = z.infer<typeof PromptTemplateSchema>;

/** How a request uses a stored prompt: `"prompt": { "id", "version"?, "variables"? }` in its body. */
export const PromptReferenceSchema = z.strictObject({
  id: z.string().min(1).max(128),
  version: z.number().int().positive().optional(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type PromptReference = z.infer<typeof PromptReferenceSchema>;

export interface RenderedPrompt {
  messages: { role: string; content: string }[];
  model: string | undefined;
  params: Record<string, unknown>;
}

/** The names a template uses, in order of first use. */
export function templateVariables(prompt: PromptTemplate): string[] {
  const names = new Set<string>();
  for (const message of messagesOf(prompt))
    for (const match of message.content.matchAll(VARIABLE)) names.add(match[1] as string);
  return [...names];
}

/**
 * Fills every `{{name}}` from the request's variables, then the template's defaults. Values are inserted as
 * text and never expanded again. A variable with no value is a 400 naming `prompt.variables.<name>`.
 */
export function renderPrompt(prompt: PromptTemplate, variables: PromptReference['variables']): RenderedPrompt {
  const values: Record<string, string> = { ...prompt.variables };
  for (const [name, value] of Object.entries(variables)) values[name] = value === null ? '' : String(value);
  const missing: FieldProblem[] = templateVariables(prompt)
    .filter((name) => !(name in values))
    .map((name) => ({
      path: `prompt.variables.${name}`,
      message: 'the prompt uses this variable but the request gives no value',
    }));
  if (missing.length > 0) throw InvalidRequestError.fromProblems('prompt variables', missing);
  return {
    messages: messagesOf(prompt).map((message) => ({
      role: message.role,
      content: message.content.replace(VARIABLE, (_match, name: string) => values[name] ?? ''),
    })),
    model: prompt.model,
    params: prompt.params ?? {},
  };
}

function messagesOf(prompt: PromptTemplate): { role: string; content: string }[] {
  return prompt.messages ?? [{ role: 'user', content: prompt.template ?? '' }];
}
