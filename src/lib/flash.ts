import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

// A one-shot message for the page after a redirect ("Settings saved."). It is plain text and is
// escaped when shown, so a forged cookie can at worst show its owner a silly sentence.
const FLASH_COOKIE = "practice_flash";

export function setFlash(c: Context, message: string) {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(message.slice(0, 300)), { path: "/", httpOnly: true, sameSite: "Lax", maxAge: 60 });
}

export function takeFlash(c: Context): string | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return null;
  deleteCookie(c, FLASH_COOKIE, { path: "/" });
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
