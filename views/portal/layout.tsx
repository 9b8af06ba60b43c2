import type { Child } from "hono/jsx";
import { PageHead } from "../components/head.js";

export const portalSections = [
  { href: "/portal", label: "Home" },
  { href: "/portal/sessions", label: "Sessions" },
  { href: "/portal/credits", label: "Credits" },
  { href: "/portal/metrics", label: "Metrics" },
  { href: "/portal/intake", label: "Intake" },
  { href: "/portal/profile", label: "Profile" },
] as const;

export type PortalLayoutProps = {
  title: string;
  children: Child;
  path: string;
  flash: string | null;
  /** Present behind requireClient; the invitation pages (not signed in yet) have no nav. */
  portal?: { practiceName: string; clientId: string; accounts: { clientId: string; practiceName: string }[] };
  charts?: boolean;
};

const isCurrent = (path: string, href: string) => path === href || (href !== "/portal" && path.startsWith(href + "/"));

/** The switcher: a form per other practice, so it works without JavaScript and is one tap. */
type PortalAccounts = NonNullable<PortalLayoutProps["portal"]>["accounts"];

const PracticeSwitcher = ({ accounts, clientId }: { accounts: PortalAccounts; clientId: string }) => (
  <details class="menu portal-switcher">
    <summary>Switch practice</summary>
    <div class="menu-body">
      <ul>
        {accounts.filter((a) => a.clientId !== clientId).map((a) => (
          <li>
            <form method="post" action="/portal/practice">
              <input type="hidden" name="clientId" value={a.clientId} />
              <button type="submit" class="link-button">{a.practiceName}</button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  </details>
);

/** The client's own small layout: no staff nav, one column, the same stylesheet and htmx as the app. */
export function PortalLayout({ title, children, path, flash, portal, charts }: PortalLayoutProps) {
  return (
    <html lang="en">
      <PageHead title={portal ? `${title} · ${portal.practiceName}` : `${title} · Practice`} charts={charts} />
      <body class="portal">
        <a class="skip-link" href="#main">Skip to content</a>
        {portal ? (
          <header class="app-header">
            <a class="brand" href="/portal">{portal.practiceName}</a>
            <details class="menu">
              <summary>Menu<span class="visually-hidden"> of your portal</span></summary>
              <div class="menu-body">
                <nav aria-label="Portal">
                  <ul>
                    {portalSections.map((s) => (
                      <li><a href={s.href} aria-current={isCurrent(path, s.href) ? "page" : undefined}>{s.label}</a></li>
                    ))}
                  </ul>
                </nav>
                <form method="post" action="/logout" class="logout">
                  <button type="submit" class="link-button">Log out</button>
                </form>
              </div>
            </details>
          </header>
        ) : (
          <header class="app-header public">
            <span class="brand">Practice</span>
          </header>
        )}
        <main id="main" tabindex={-1}>
          {portal && portal.accounts.length > 1 ? <PracticeSwitcher accounts={portal.accounts} clientId={portal.clientId} /> : null}
          {flash ? <p class="flash" role="status">{flash}</p> : null}
          {children}
        </main>
      </body>
    </html>
  );
}
