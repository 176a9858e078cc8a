// Wide tables scroll inside their own region, so no page scrolls sideways on a small screen
// (GOV.UK's pattern). A table not already in a wrapper gets one; a wrapper whose table is wider
// than it becomes a focusable region named after the table, so keyboard users can scroll it.
// Without JavaScript the wrappers in the templates still scroll (static/css/app.css).

const WRAPPER = "app-table-wrapper";

function wrap(table) {
  const parent = table.parentElement;
  if (!parent || parent.classList.contains(WRAPPER)) return;
  const wrapper = document.createElement("div");
  wrapper.className = WRAPPER;
  parent.insertBefore(wrapper, table);
  wrapper.append(table);
}

function name(wrapper) {
  const caption = wrapper.querySelector("caption");
  const text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
  return text || "Table";
}

function label(wrapper) {
  if (wrapper.dataset.appScroll === "static") return; // set in the template
  const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
  if (scrolls) {
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", `${name(wrapper)} (scrolls sideways)`);
    wrapper.dataset.appScroll = "on";
  } else if (wrapper.dataset.appScroll === "on") {
    wrapper.removeAttribute("tabindex");
    wrapper.removeAttribute("role");
    wrapper.removeAttribute("aria-label");
    delete wrapper.dataset.appScroll;
  }
}

export function scrollingTables(scope = document) {
  scope.querySelectorAll("table.govuk-table").forEach(wrap);
  document.querySelectorAll(`.${WRAPPER}`).forEach(label);
}

let pending = 0;
function again() {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(() => scrollingTables());
}
window.addEventListener("resize", again);
// A table in a closed "Show the data" has no width until it opens.
document.addEventListener("toggle", again, true);
