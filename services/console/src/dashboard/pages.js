// The dashboard's pages, chosen by the URL's hash (#/keys), so each page has a link and survives a reload.
import { useEffect, useState } from 'preact/hooks';

/** `admin`: shown only to an admin session (the page calls the admin API). `ranged`: the time period applies. */
/** @type {import('./api-types').Page[]} */
export const PAGES = [
  { key: 'overview', label: 'Overview', admin: false, ranged: true },
  { key: 'sessions', label: 'Sessions', admin: false, ranged: true },
  { key: 'users', label: 'Users', admin: false, ranged: true },
  { key: 'keys', label: 'Keys', admin: true, ranged: false },
  { key: 'configs', label: 'Configs', admin: true, ranged: false },
  { key: 'prompts', label: 'Prompts', admin: true, ranged: false },
];

/** @param {import('./sign-in.js').Session} session */
export function pagesFor(session) {
  return PAGES.filter((page) => !page.admin || session.kind === 'admin');
}

/**
 * @param {import('./api-types').Page[]} pages
 * @returns {import('./api-types').Page}
 */
function pageFromHash(pages) {
  const key = location.hash.replace(/^#\/?/, '').split('/')[0];
  const found = pages.find((page) => page.key === key) ?? pages[0];
  if (found === undefined) throw new Error('no page to show');
  return found;
}

/**
 * The page the hash names (the first page when it names none this session may open).
 * @param {import('./api-types').Page[]} pages
 */
export function useCurrentPage(pages) {
  const [page, setPage] = useState(() => pageFromHash(pages));
  useEffect(() => {
    const follow = () => setPage(pageFromHash(pages));
    follow();
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, [pages]);
  return page;
}
