import { assetUrl } from "../../src/lib/assets.js";

/** The <head> both layouts share (staff and portal): one stylesheet, htmx and app.js; uPlot only on chart pages. */
export const PageHead = ({ title, charts }: { title: string; charts?: boolean }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{title}</title>
    {/* No settle step: htmx would copy style attributes between swapped elements, which our CSP
        (no inline styles) refuses, and we use no CSS transitions on swaps anyway. */}
    <meta name="htmx-config" content='{"defaultTimeout": 20000, "defaultSettleDelay": 0}' />
    <link rel="icon" href={assetUrl("icon.svg")} type="image/svg+xml" />
    <link rel="stylesheet" href={assetUrl("app.css")} />
    <link rel="stylesheet" href={assetUrl("print.css")} media="print" />
    <script src={assetUrl("htmx.min.js")} defer></script>
    <script src={assetUrl("app.js")} defer></script>
    {charts ? <>
      <link rel="stylesheet" href={assetUrl("uplot.min.css")} />
      <script src={assetUrl("uplot.min.js")} defer></script>
      <script src={assetUrl("charts.js")} defer></script>
    </> : null}
  </head>
);
