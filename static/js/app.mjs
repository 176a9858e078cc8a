// Starts GOV.UK Frontend's components on the page, and again on every piece of page that htmx
// swaps in, so a swapped-in radio, error summary or details block behaves like the rest.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import { scrollingTables } from "./tables.mjs";

initAll();
scrollingTables();

document.addEventListener("htmx:load", (event) => {
  const element = event.detail.elt;
  if (element === document.body) return; // the whole page was started above
  initAll({ scope: element });
  scrollingTables(element.parentElement || element);
});
