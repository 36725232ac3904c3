// Typed handlers for the DOM events the dashboard's forms use.

/**
 * A handler passing on the value of the input, select or textarea the event came from.
 * @param {(value: string) => void} use
 * @returns {(event: Event) => void}
 */
export function withValue(use) {
  return (event) => use(/** @type {HTMLInputElement} */ (event.currentTarget).value);
}

/**
 * A handler passing on whether the checkbox the event came from is checked.
 * @param {(checked: boolean) => void} use
 * @returns {(event: Event) => void}
 */
export function withChecked(use) {
  return (event) => use(/** @type {HTMLInputElement} */ (event.currentTarget).checked);
}

/**
 * A form's submit handler that keeps the browser from submitting it itself.
 * @param {() => void} use
 * @returns {(event: Event) => void}
 */
export function onSubmitted(use) {
  return (event) => {
    event.preventDefault();
    use();
  };
}

/**
 * A handler for Enter on a focused row (rows open on click or Enter).
 * @param {() => void} use
 * @returns {(event: KeyboardEvent) => void}
 */
export function onEnter(use) {
  return (event) => {
    if (event.key === 'Enter') use();
  };
}
