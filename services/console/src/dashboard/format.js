// Number, money, duration and time formatting for the dashboard.
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** @param {number | null | undefined} value */
export function formatCount(value) {
  return value === null || value === undefined ? '–' : integer.format(value);
}

/**
 * Dollars with enough digits to show small per-request costs: zero is always `$0`, and a cost too small for six
 * decimals gets two significant digits rather than rounding to `$0.000000`.
 * @param {number | null | undefined} value
 */
export function formatUsd(value) {
  if (value === null || value === undefined) return '–';
  if (value === 0) return '$0';
  const size = Math.abs(value);
  const digits = size >= 1 ? 2 : size >= 0.01 ? 4 : Math.max(6, Math.min(12, 1 - Math.floor(Math.log10(size))));
  return `${value < 0 ? '-' : ''}$${size.toFixed(digits)}`;
}

/** @param {number | null | undefined} value */
export function formatMs(value) {
  if (value === null || value === undefined) return '–';
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** @param {number | null | undefined} ratio */
export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '–';
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
}

/** @param {string} iso */
export function formatTime(iso) {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** @param {unknown} value */
export function formatJson(value) {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}
