#!/usr/bin/env bash
# Vendors plotly.js's basic bundle (scatter, bar, pie) into static/vendor/plotly/ from npm, and
# writes the CSS plotly.js would otherwise inject as <style> elements (which our Content
# Security Policy forbids). The <link id="plotly.js-style-global" class="no-inline-styles">
# in templates/charts/head.html tells plotly.js the rules are already on the page.
# Usage: scripts/vendor_plotly.sh [VERSION]
set -euo pipefail
version="${1:-4.1.1}"
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/static/vendor/plotly"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf plotly.js-basic-dist-min-*.tgz)
rm -rf "$out" && mkdir -p "$out"
cp "$work/package/plotly-basic.min.js" "$out/plotly-basic.min.js"
cp "$work/package/LICENSE" "$out/LICENSE"
echo "$version" > "$out/VERSION"
# The rules live in the bundle as an object literal {"X,X div": "...", ...} where X stands for
# the plot's root selector and Y for the notifier's; pull it out and write it as CSS.
node - "$work/package/plotly-basic.min.js" "$out/plotly.css" <<'JS'
const fs = require("fs");
const [source, target] = process.argv.slice(2);
const js = fs.readFileSync(source, "utf8");
const start = js.indexOf('{"X,X div":');
if (start < 0) throw new Error("plotly.js CSS rules not found in the bundle");
let depth = 0, end = start, quote = null;
for (; end < js.length; end++) {
  const c = js[end];
  if (quote) { if (c === "\\") end++; else if (c === quote) quote = null; continue; }
  if (c === '"' || c === "'") quote = c;
  else if (c === "{") depth++;
  else if (c === "}" && --depth === 0) break;
}
const rules = Function(`return ${js.slice(start, end + 1)}`)();
const css = Object.entries(rules).map(([selector, body]) => {
  const full = selector.replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier");
  return `${full}{${body}}`;
}).join("\n");
fs.writeFileSync(target, `/* plotly.js rules, extracted by scripts/vendor_plotly.sh */\n${css}\n`);
JS
echo "plotly.js basic $version vendored into $out"
