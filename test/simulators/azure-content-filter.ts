/**
 * The content-filter annotations Azure OpenAI adds to chat completions: a
 * `prompt_filter_results` array, per-choice `content_filter_results`, and, when
 * streaming, a leading chunk with empty `choices` and blank id/model/object.
 */

function safeFilterResults() {
  return {
    hate: { filtered: false, severity: 'safe' },
    self_harm: { filtered: false, severity: 'safe' },
    sexual: { filtered: false, severity: 'safe' },
    violence: { filtered: false, severity: 'safe' },
  };
}

function promptFilterResults() {
  return [{ prompt_index: 0, content_filter_results: safeFilterResults() }];
}

export function decorateAzureChatCompletion<Completion extends { choices: object[] }>(completion: Completion) {
  return {
    ...completion,
    choices: completion.choices.map((choice) => ({ ...choice, content_filter_results: safeFilterResults() })),
    prompt_filter_results: promptFilterResults(),
  };
}

/** The first chunk of an Azure stream, sent before any choice delta. */
export function azurePromptFilterChunk(): string {
  return JSON.stringify({
    choices: [],
    created: 0,
    id: '',
    model: '',
    object: '',
    prompt_filter_results: promptFilterResults(),
  });
}
