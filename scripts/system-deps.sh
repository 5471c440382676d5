#!/usr/bin/env bash
# Installs the Debian packages Vendepunkt needs, only those missing.
#   scripts/system-deps.sh run    WeasyPrint's libraries and fonts (for the PDF documents)
#   scripts/system-deps.sh test   the above plus Debian's chromium (for the browser tests)
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core)
if [[ "${1:-run}" == "test" ]]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "Installerer / installing: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
  command -v sudo >/dev/null || { echo "Mangler rettigheder / need root to install: ${missing[*]}" >&2; exit 1; }
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
