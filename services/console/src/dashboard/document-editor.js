// Edit a config or prompt as YAML or JSON: checked as you type, every problem at its line and path, saved as a new
// version.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendJson } from './api.js';
import { documentPath } from './document-kinds.js';
import { parseText, toText } from './document-text.js';
import { withValue } from './dom-events.js';

const CHECK_DELAY_MS = 400;

/** @typedef {{ path: string, line: number, message: string }} Problem */

/**
 * Problems of the text: syntax errors from the parser, otherwise the gateway's validation, each with its line.
 * @param {import('./api-types').DocumentKind} kind
 * @param {string} id
 * @param {string} text
 * @returns {Promise<{ value?: unknown, problems: Problem[] }>}
 */
async function checkText(kind, id, text) {
  const parsed = parseText(text);
  if (parsed.problems) return { problems: parsed.problems };
  const result = await sendJson('POST', documentPath(kind, id, '/validate'), { [kind.field]: parsed.value });
  return {
    value: parsed.value,
    problems: result.problems.map((/** @type {{ path: string, message: string }} */ problem) => ({
      ...problem,
      line: parsed.lineOf(problem.path),
    })),
  };
}

/** @param {{ count: number, problemLines: Set<number> }} props */
function Gutter({ count, problemLines }) {
  return html`<pre class="gutter" aria-hidden="true">${Array.from({ length: count }, (_, index) => {
    const line = index + 1;
    return html`<span class=${problemLines.has(line) ? 'problem-line' : ''}>${line}</span>`;
  })}</pre>`;
}

/** @param {{ problems: Problem[] | null, onLine: (line: number) => void }} props */
function Problems({ problems, onLine }) {
  if (problems === null) return html`<p class="muted">Checking…</p>`;
  if (problems.length === 0) return html`<p class="ok-text" role="status">Valid.</p>`;
  return html`<ul class="problems" aria-label="Problems">
    ${problems.map(
      (problem) => html`<li data-path=${problem.path}>
        <button type="button" class="link" onClick=${() => onLine(problem.line)}>line ${problem.line}</button>
        ${problem.path ? html`<code>${problem.path}</code>` : null} ${problem.message}
      </li>`,
    )}
  </ul>`;
}

/**
 * `liveVersion`: the document's live version, so a note about an earlier save is not shown once another is live.
 * @param {{
 *   kind: import('./api-types').DocumentKind, id: string, document: unknown, liveVersion: number | undefined,
 *   onSaved: (stored: import('./api-types').DocumentVersion) => void,
 * }} props
 */
export function DocumentEditor({ kind, id, document, liveVersion, onSaved }) {
  const [format, setFormat] = useState(/** @type {'yaml' | 'json'} */ ('yaml'));
  const [text, setText] = useState(() => toText(document, 'yaml'));
  const [problems, setProblems] = useState(/** @type {Problem[] | null} */ (null));
  const [status, setStatus] = useState(/** @type {{ message: string, version?: number } | null} */ (null));
  const area = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  /** The document the text was last loaded from: a new one (saved, rolled back) replaces the text, nothing else does. */
  const loaded = useRef(`${id}\n${JSON.stringify(document)}`);
  useEffect(() => {
    const key = `${id}\n${JSON.stringify(document)}`;
    if (key === loaded.current) return;
    loaded.current = key;
    setText(toText(document, format));
  });
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      checkText(kind, id, text).then(
        (result) => current && setProblems(result.problems),
        (failure) => current && setProblems([{ path: '', line: 1, message: failure.message }]),
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [kind, id, text]);
  /** @param {'yaml' | 'json'} next */
  const switchFormat = (next) => {
    const parsed = parseText(text);
    if (parsed.problems) return setProblems(parsed.problems);
    setFormat(next);
    setText(toText(parsed.value, next));
  };
  /** @param {number} line */
  const goToLine = (line) => {
    const element = area.current;
    if (!element) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((total, entry) => total + entry.length + 1, 0);
    element.focus();
    element.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };
  const save = async () => {
    setStatus(null);
    /** @type {{ value?: unknown, problems: Problem[] }} */
    const result = await checkText(kind, id, text).catch((failure) => ({
      problems: [{ path: '', line: 1, message: failure.message }],
    }));
    setProblems(result.problems);
    if (result.problems.length > 0) return setStatus({ message: 'Not saved: fix the problems first.' });
    sendJson('POST', documentPath(kind, id), { [kind.field]: result.value }).then(
      (stored) => {
        setStatus({ message: `Saved as version ${stored.version}.`, version: stored.version });
        onSaved(stored);
      },
      (failure) => setStatus({ message: `Not saved: ${failure.message}` }),
    );
  };
  const lineCount = text.split('\n').length;
  return html`<div class="editor" aria-label=${`${kind.label} editor`} role="group">
    <div class="card-head">
      <div class="segmented" role="radiogroup" aria-label="Format">
        ${
          /** @type {const} */ (['yaml', 'json']).map(
            (
              option,
            ) => html`<button type="button" role="radio" aria-checked=${format === option} class=${format === option ? '' : 'secondary'}
            onClick=${() => format !== option && switchFormat(option)}>${option.toUpperCase()}</button>`,
          )
        }
      </div>
      <button type="button" onClick=${save}>Save as new version</button>
    </div>
    <div class="code-area">
      <${Gutter} count=${lineCount} problemLines=${new Set((problems ?? []).map((problem) => problem.line))} />
      <textarea ref=${area} aria-label=${`${kind.label} text`} spellcheck="false" rows=${Math.max(12, lineCount + 1)} value=${text}
        onInput=${withValue(setText)}></textarea>
    </div>
    <${Problems} problems=${problems} onLine=${goToLine} />
    ${
      status && (status.version === undefined || status.version === liveVersion)
        ? html`<p class="save-status" role="status" aria-label="Save status">${status.message}</p>`
        : null
    }
  </div>`;
}
