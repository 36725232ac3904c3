import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'sluice_session';

/** The session id the browser sent, if any. */
export function sessionCookieOf(request: Request): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0) return value.join('=') || undefined;
  }
  return undefined;
}

/** httpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure behind HTTPS. */
export function setSessionCookie(request: Request, response: Response, id: string, maxAgeS: number): void {
  const secure = request.secure ? '; Secure' : '';
  response.setHeader(
    'set-cookie',
    `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`,
  );
}

export function clearSessionCookie(response: Response): void {
  response.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}
