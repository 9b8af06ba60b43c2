import type { Child } from "hono/jsx";
import { PageHead } from "./components/head.js";

export const navSections = [
  { href: "/calendar", label: "Calendar" },
  { href: "/clients", label: "Clients" },
  { href: "/programs", label: "Programs" },
  { href: "/payments", label: "Payments" },
  { href: "/metrics", label: "Metrics" },
  { href: "/follow-ups", label: "Follow-ups" },
  { href: "/settings", label: "Settings" },
] as const;

export type LayoutProps = {
  title: string;
  children: Child;
  path: string;
  flash: string | null;
  /** Present on staff pages; public pages (login, sign-up) have no nav. */
  staff?: { userName: string; practiceName: string;
    /** Why the practice should look at Settings → Billing (a lapsed or failing subscription), on every page. */
    billingNotice?: string | null;
    /** Open follow-ups overdue or due today: the badge on "Follow-ups". */
    followUpsDue?: number };
  /** Pages with charts load uPlot (~22 KB gzip); the others never do. */
  charts?: boolean;
};

/** The practice's name in the header; `oob` lets a fragment (saved settings) update it in place too. */
export const PracticeName = ({ name, oob }: { name: string; oob?: boolean }) => (
  <a id="practice-name" class="brand" href="/" hx-swap-oob={oob ? "true" : undefined}>{name}</a>
);

// Services live under Settings in the nav; the week on "/" is the calendar.
const isCurrent = (path: string, href: string) => path === href || path.startsWith(href + "/") ||
  (href === "/calendar" && path === "/") || (href === "/settings" && path.startsWith("/services"));

export function Layout({ title, children, path, flash, staff, charts }: LayoutProps) {
  return (
    <html lang="en">
      <PageHead title={staff ? `${title} · ${staff.practiceName}` : `${title} · Practice`} charts={charts} />
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        {staff ? (
          <header class="app-header">
            <PracticeName name={staff.practiceName} />
            {/* One line on a phone: the sections sit behind "Menu" (a <details>, so no script is needed);
                on a wide screen the menu is always open and its button is hidden. */}
            <details class="menu">
              <summary>Menu<span class="visually-hidden"> of sections</span>
                {staff.followUpsDue ? <span class="nav-count" aria-hidden="true">{staff.followUpsDue}</span> : null}</summary>
              <div class="menu-body">
                <nav aria-label="Main">
                  <ul>
                    {navSections.map((s) => (
                      <li><a href={s.href} aria-current={isCurrent(path, s.href) ? "page" : undefined}>{s.label}
                        {s.href === "/follow-ups" && staff.followUpsDue ? <span class="nav-count">{staff.followUpsDue}<span class="visually-hidden"> due</span></span> : null}</a></li>
                    ))}
                  </ul>
                </nav>
                <form method="post" action="/logout" class="logout">
                  <button type="submit" class="link-button" title={`Signed in as ${staff.userName}`}>Log out</button>
                </form>
              </div>
            </details>
          </header>
        ) : (
          <header class="app-header public">
            <a class="brand" href="/">Practice</a>
          </header>
        )}
        <main id="main" tabindex={-1}>
          {staff?.billingNotice && !path.startsWith("/settings/billing") ? (
            <p class="billing-notice" role="status">{staff.billingNotice} <a href="/settings/billing">Billing</a></p>
          ) : null}
          {flash ? <p class="flash" role="status">{flash}</p> : null}
          {children}
        </main>
      </body>
    </html>
  );
}
