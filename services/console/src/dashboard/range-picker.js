// The time period picker: the last 15 minutes … 30 days, or a custom range chosen with from–to pickers.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { onSubmitted, withValue } from './dom-events.js';
import { CUSTOM_RANGE, customPeriod, PERIODS } from './time-period.js';

/** @typedef {import('./time-period.js').Period} Period */

/**
 * A `datetime-local` input's value (local time, to the minute) for an ISO instant.
 * @param {string} iso
 */
function localInputValue(iso) {
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * @param {{ range: string, period: Period, onRange: (range: string) => void, onCustom: (period: Period) => void }} props
 */
export function RangePicker({ range, period, onRange, onCustom }) {
  const [from, setFrom] = useState(() => localInputValue(period.from));
  const [to, setTo] = useState(() => localInputValue(period.to));
  const chosen = customPeriod(new Date(from).getTime(), new Date(to).getTime());
  const apply = onSubmitted(() => chosen && onCustom(chosen));
  /** @param {string} next */
  const pick = (next) => {
    if (next === CUSTOM_RANGE) {
      setFrom(localInputValue(period.from));
      setTo(localInputValue(period.to));
    }
    onRange(next);
  };
  return html`<span class="range-picker">
    <select aria-label="Time period" value=${range} onChange=${withValue(pick)}>
      ${Object.entries(PERIODS).map(([key, spec]) => html`<option value=${key}>${spec.label}</option>`)}
      <option value=${CUSTOM_RANGE}>Custom range…</option>
    </select>
    ${
      range === CUSTOM_RANGE
        ? html`<form class="custom-range" aria-label="Custom range" onSubmit=${apply}>
          <label class="inline">from <input type="datetime-local" aria-label="From" value=${from} max=${to}
            onInput=${withValue(setFrom)} /></label>
          <label class="inline">to <input type="datetime-local" aria-label="To" value=${to} min=${from}
            onInput=${withValue(setTo)} /></label>
          <button type="submit" disabled=${!chosen}>Apply</button>
        </form>`
        : null
    }
  </span>`;
}
