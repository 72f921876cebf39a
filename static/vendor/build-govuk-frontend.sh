#!/usr/bin/env bash
# Rebuilds the vendored GOV.UK Frontend stylesheet. Run by hand when upgrading, never at run time.
# send_inspections is not a GOV.UK service, so the stylesheet is compiled with the system font
# stack instead of GDS Transport, and the crown crest (used only by a footer logo we do not show)
# is dropped.
set -euo pipefail
VERSION=6.6.0
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cd "$work"
npm init -y >/dev/null
npm install --silent "govuk-frontend@$VERSION" sass@1.108.2
cat > govuk.scss <<'SCSS'
$govuk-font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
$govuk-include-default-font-face: false;
$govuk-assets-path: "govuk-assets/";
@import "node_modules/govuk-frontend/dist/govuk/index";
SCSS
npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import govuk.scss govuk.css
sed -e 's#url("govuk-assets/images/govuk-crest.svg")#none#g' govuk.css > "$here/govuk-frontend-$VERSION.min.css"
sed -e "s#//\# sourceMappingURL=.*\$##" node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
  > "$here/govuk-frontend-$VERSION.min.js"
