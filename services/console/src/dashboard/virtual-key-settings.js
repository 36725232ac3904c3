// A virtual key's settings as the forms edit them: name, config, rate limit and budget.
import { html } from 'htm/preact';
import { withValue } from './dom-events.js';

/** @typedef {import('./api-types').VirtualKeyView} VirtualKeyView */
/** @typedef {{ name: string, config: string, rateLimit: string, budgetUsd: string, budgetPeriod: string }} KeySettings */

/** @type {KeySettings} */
export const EMPTY_SETTINGS = { name: '', config: '', rateLimit: '', budgetUsd: '', budgetPeriod: 'month' };

/**
 * @param {VirtualKeyView} key
 * @returns {KeySettings}
 */
export function settingsOf(key) {
  return {
    name: key.name,
    config: key.config ?? '',
    rateLimit: key.rate_limit ?? '',
    budgetUsd: key.budget ? String(key.budget.usd) : '',
    budgetPeriod: key.budget?.period ?? 'month',
  };
}

/**
 * @param {KeySettings} settings
 * @param {VirtualKeyView | undefined} key
 */
function budgetOf(settings, key) {
  if (!settings.budgetUsd.trim()) return null;
  const budget = { usd: Number(settings.budgetUsd), period: settings.budgetPeriod };
  return key?.budget?.alert_webhook ? { ...budget, alert_webhook: key.budget.alert_webhook } : budget;
}

/**
 * POST /admin/virtual-keys: what is set, nothing else.
 * @param {KeySettings} settings
 */
export function createBody(settings) {
  /** @type {Record<string, unknown>} */
  const body = { name: settings.name.trim() };
  if (settings.config) body.config = settings.config;
  if (settings.rateLimit.trim()) body.rate_limit = settings.rateLimit.trim();
  const budget = budgetOf(settings, undefined);
  if (budget) body.budget = budget;
  return body;
}

/**
 * PATCH /admin/virtual-keys/:id: only what changed; a cleared field is `null` (the API's "remove").
 * @param {KeySettings} settings
 * @param {VirtualKeyView} key
 */
export function updateBody(settings, key) {
  const before = settingsOf(key);
  /** @type {Record<string, unknown>} */
  const body = {};
  if (settings.name.trim() !== before.name) body.name = settings.name.trim();
  if (settings.config !== before.config) body.config = settings.config || null;
  if (settings.rateLimit.trim() !== before.rateLimit) body.rate_limit = settings.rateLimit.trim() || null;
  if (settings.budgetUsd.trim() !== before.budgetUsd || settings.budgetPeriod !== before.budgetPeriod)
    body.budget = budgetOf(settings, key);
  return body;
}

/**
 * The inputs, for the create and edit forms. A budget whose alerts are signed is not edited here: its secret is
 * write-only, so a budget sent from this form would drop it.
 * @param {{
 *   settings: KeySettings, onChange: (settings: KeySettings) => void, configIds: string[], budgetLocked: boolean,
 * }} props
 */
export function SettingsFields({ settings, onChange, configIds, budgetLocked }) {
  /** @param {keyof KeySettings} name */
  const field = (name) => ({
    value: settings[name],
    onInput: withValue((value) => onChange({ ...settings, [name]: value })),
  });
  return html`<input aria-label="Key name" placeholder="name" required ...${field('name')} />
    <select aria-label="Key config" ...${field('config')}>
      <option value="">default config</option>
      ${configIds.map((id) => html`<option value=${id}>${id}</option>`)}
    </select>
    <input aria-label="Rate limit" placeholder="rate limit, e.g. 100;w=60" class="wide" ...${field('rateLimit')} />
    ${
      budgetLocked
        ? html`<span class="muted">budget alerts are signed: change the budget through the admin API</span>`
        : html`<input aria-label="Budget (USD)" placeholder="budget $" type="number" min="0" step="any" ...${field('budgetUsd')} />
          <select aria-label="Budget period" ...${field('budgetPeriod')}>
            ${['day', 'week', 'month'].map((period) => html`<option value=${period}>per ${period}</option>`)}
          </select>`
    }`;
}
