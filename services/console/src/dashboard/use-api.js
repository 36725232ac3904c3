// A hook that loads one API resource and reloads it when its inputs or the refresh key change.
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';

/**
 * @template [T=any] what the API answers (JSON)
 * @typedef {{ data: T | undefined, error: string | undefined, loading: boolean }} ApiState
 */

/**
 * GET `path` (nothing while it is null) with `params`, again whenever they or `refreshKey` change.
 * @template [T=any]
 * @param {string | null} path
 * @param {Record<string, unknown>} [params]
 * @param {unknown} [refreshKey]
 * @returns {ApiState<T>}
 */
export function useApi(path, params, refreshKey) {
  const [state, setState] = useState(/** @type {ApiState<T>} */ ({ data: undefined, error: undefined, loading: true }));
  const key = `${path}?${JSON.stringify(params)}`;
  useEffect(() => {
    if (path === null) return undefined;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    getJson(path, params).then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error) => current && setState({ data: undefined, error: error.message, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, refreshKey]);
  return state;
}
