#!/usr/bin/env bash
# Makes sure the Debian packages Yupana needs are present. As root it installs what is missing;
# otherwise it stops with a message naming the packages to install.
# Usage: scripts/ensure-system.sh run|test
set -euo pipefail
purpose="${1:-run}"
need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null \
  || { echo "Yupana necesita Python 3.11 o superior (python3 no lo es o no está instalado)." >&2; exit 1; }
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
# WeasyPrint (printed formats) needs Pango; fonts for readable PDFs.
if have_cmd dpkg-query; then
  have_pkg libpango-1.0-0 || need+=(libpango-1.0-0)
  have_pkg libpangoft2-1.0-0 || need+=(libpangoft2-1.0-0)
  have_pkg fonts-dejavu-core || need+=(fonts-dejavu-core)
fi
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && have_cmd apt-get; then
  echo "Instalando paquetes del sistema: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Faltan paquetes del sistema: ${need[*]}" >&2
  echo "Instálelos con: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
