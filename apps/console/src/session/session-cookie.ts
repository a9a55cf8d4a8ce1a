import type { CookieOptions, Request, Response } from 'express';
import type { StaffSession } from './domain/staff-session';

/** `__Host-` binds the cookie to this exact origin over HTTPS; plain HTTP (local) cannot carry the prefix. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-forewarn-session' : 'forewarn-session');

export const sessionCookieOptions = (secure: boolean): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure, path: '/' });

/** The request as the console sees it: the staff session, once the session middleware has read it. */
export interface ConsoleRequest extends Request {
  staffSession?: StaffSession;
  sessionCookie?: string;
}

export const setSessionCookie = (res: Response, secure: boolean, value: string) => res.cookie(sessionCookieName(secure), value, sessionCookieOptions(secure));

export const clearSessionCookie = (res: Response, secure: boolean) => res.clearCookie(sessionCookieName(secure), sessionCookieOptions(secure));
