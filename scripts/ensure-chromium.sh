#!/usr/bin/env bash
# The GraphiQL end-to-end test drives Debian's Chromium (playwright-core cannot download a browser
# here). Install it when it is missing and we may; otherwise say how.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the GraphiQL browser test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "the GraphiQL browser test needs Debian's chromium: sudo apt-get install chromium" >&2
  exit 1
fi
