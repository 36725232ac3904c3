// A hook that loads one API resource and reloads it when its inputs or the refresh key change.
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';

export function useApi(path, params, refreshKey) {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
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
