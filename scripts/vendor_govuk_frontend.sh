#!/usr/bin/env bash
# Vendors GOV.UK Frontend's compiled dist/ into static/vendor/govuk-frontend/ from the npm package.
# A council service is not GOV.UK: we drop the GDS Transport font and the crown/crest images and
# point the CSS at Arial, as GOV.UK Frontend's own guidance says services off GOV.UK must.
# Usage: scripts/vendor_govuk_frontend.sh [VERSION]
set -euo pipefail
version="${1:-6.6.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/static/vendor/govuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf govuk-frontend-*.tgz)
dist="$work/package/dist/govuk"
rm -rf "$out" && mkdir -p "$out/assets/images"
# Relative asset URLs so the CSS works under any STATIC_URL; no @font-face, no GDS Transport.
sed -e 's#url(/assets/images/govuk-crest.svg)#none#g' \
    -e 's#url(/assets/#url(assets/#g' \
    -e 's#@font-face{font-family:GDS Transport[^}]*}##g' \
    -e 's#font-family:GDS Transport,#font-family:#g' \
    -e 's#font-family:GDS Transport\([;}]\)#font-family:arial,sans-serif\1#g' \
    "$dist/govuk-frontend.min.css" | sed -e 's#/\*\# sourceMappingURL=[^*]*\*/##' > "$out/govuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*##' "$dist/govuk-frontend.min.js" > "$out/govuk-frontend.min.js"
cp "$dist/assets/images/favicon.ico" "$dist/assets/images/favicon.svg" "$out/assets/images/"
echo "$version" > "$out/VERSION"
cat > "$out/LICENSE" <<LIC
GOV.UK Frontend $version, vendored from the npm package govuk-frontend (dist/govuk/).
Changes: GDS Transport font and crown/crest images removed; CSS asset URLs made relative.

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LIC
echo "GOV.UK Frontend $version vendored into $out"
