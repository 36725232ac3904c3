// A horizontal bar for a ratio from 0 to 1 (wider ratios are drawn full).
import { html } from 'htm/preact';

/** @param {{ ratio: number, tone?: string }} props */
export function Bar({ ratio, tone }) {
  return html`<div class="bar"><div class=${`bar-fill ${tone ?? ''}`} style=${`width:${Math.max(0, Math.min(1, ratio)) * 100}%`}></div></div>`;
}
