import type { CardData } from "../../src/pages/client-page.js";
import type { FieldErrors, FormValues } from "../components/fields.js";
import { PortalMetricCard } from "./_metric-card.js";

/** The card whose form failed (a page posted without JavaScript): it shows what was typed and why it was refused. */
export type FailedCard = { templateId: string; values: FormValues; errors: FieldErrors };

/** /portal/metrics: a card per metric the practitioner asked the client to track, each with its log form and chart. */
export const PortalMetrics = ({ cards, timezone, practiceName, failed }: { cards: CardData[]; timezone: string; practiceName: string; failed?: FailedCard }) => (
  <>
    <h1>Metrics</h1>
    {cards.length ? (
      <>
        <p>What you save here goes straight to {practiceName}, who sees it beside their own notes.</p>
        <div class="metric-cards">
          {cards.map((card) => {
            const mine = failed?.templateId === card.template.id ? failed : undefined;
            return <PortalMetricCard {...card} timezone={timezone} values={mine?.values} errors={mine?.errors} />;
          })}
        </div>
      </>
    ) : <p class="empty">{practiceName} has not asked you to track anything yet.</p>}
  </>
);
