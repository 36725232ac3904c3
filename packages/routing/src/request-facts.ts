/** What conditions and routing can see of a request (SPEC §3 condition paths). */
export interface RequestFacts {
  model: string;
  params: Record<string, unknown>;
  metadata: Record<string, unknown>;
  user: string | undefined;
  properties: Record<string, string>;
  promptChars: number;
  lastMessageContent: string;
}

/** Resolves a condition path (`metadata.plan`, `prompt.tokens`, `params.temperature`…) to its value. */
export function factAt(facts: RequestFacts, path: string): unknown {
  const [head, ...rest] = path.split('.');
  const key = rest.join('.');
  switch (head) {
    case 'model':
      return facts.model;
    case 'user':
      return facts.user;
    case 'params':
      return facts.params[key];
    case 'metadata':
      return facts.metadata[key];
    case 'property':
      return facts.properties[key];
    case 'prompt':
      return key === 'tokens' ? Math.ceil(facts.promptChars / 4) : key === 'chars' ? facts.promptChars : undefined;
    case 'last_message':
      return key === 'content' ? facts.lastMessageContent : undefined;
    default:
      return undefined;
  }
}
