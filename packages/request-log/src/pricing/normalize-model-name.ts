/** Suffixes that name a snapshot of a model rather than another model, tried from the end of the name. */
const SNAPSHOT_SUFFIXES: readonly RegExp[] = [
  /-\d{4}-\d{2}-\d{2}$/, // gpt-4o-2024-08-06
  /-\d{8}$/, // claude-3-5-sonnet-20241022
  /-latest$/, // claude-3-7-sonnet-latest
  /-\d{2}-\d{2}$/, // gemini-2.5-flash-preview-05-20
  /-(?:preview|exp)$/, // gemini-2.5-flash-preview
  /-\d{3}$/, // gemini-2.0-flash-001
  /^(gpt-[\w.-]+?)-\d{4}$/, // gpt-4-0613, gpt-3.5-turbo-0125
];

/**
 * The names to look a model up by, most specific first: the cleaned name, then the name with snapshot suffixes
 * removed one by one. Cleaning lower-cases, drops provider prefixes (`openai/`, `models/`, `us.anthropic.`) and
 * Bedrock version tags (`-v2:0`), and spells Claude versions with dashes (`claude-sonnet-4.5` → `claude-sonnet-4-5`).
 */
export function modelNameCandidates(model: string): string[] {
  let name = cleanModelName(model);
  const candidates = [name];
  for (;;) {
    const shorter = stripOneSuffix(name);
    if (shorter === undefined) return candidates;
    name = shorter;
    candidates.push(name);
  }
}

/** The base model a name refers to: `gpt-4o-2024-08-06` → `gpt-4o`, `anthropic/claude-3-5-haiku-latest` → `claude-3-5-haiku`. */
export function normalizeModelName(model: string): string {
  const candidates = modelNameCandidates(model);
  return candidates[candidates.length - 1] ?? '';
}

function cleanModelName(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(/^(?:(?:us|eu|apac|global)\.)?anthropic\./, '');
  name = name.replace(/-v\d+(?::\d+)?$/, '');
  name = name.replace(/@\d{8}$/, ''); // Vertex: claude-3-5-sonnet@20240620
  if (name.startsWith('claude-')) name = name.replace(/(\d)\.(\d)/g, '$1-$2');
  return name;
}

function stripOneSuffix(name: string): string | undefined {
  for (const suffix of SNAPSHOT_SUFFIXES) {
    const match = suffix.exec(name);
    if (match === null) continue;
    const stripped = match[1] ?? name.slice(0, match.index);
    if (stripped !== '' && stripped !== name) return stripped;
  }
  return undefined;
}
