#!/usr/bin/env bash
# The report print test converts the monitoring workbook to PDF with LibreOffice headless and reads
# the pages with poppler (pdftotext, pdfinfo). Install them when missing and we may; otherwise say how.
set -euo pipefail
command -v soffice >/dev/null && command -v pdftotext >/dev/null && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's libreoffice-calc and poppler-utils for the report print test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc poppler-utils >/dev/null
else
  echo "the report print test needs LibreOffice Calc and poppler: sudo apt-get install libreoffice-calc poppler-utils" >&2
  exit 1
fi
