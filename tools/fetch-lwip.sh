#!/bin/sh
# Fetch lwIP 2.1.3 from Debian's source package, check it against the sha256
# pinned in tools/lwip.sha256 and unpack it to build/lwip-2.1.3 (outside the
# tracked tree: lwIP's code is never committed).
#
# Fetching needs a deb-src entry for bookworm main; as root we add one next to
# the existing deb entry (same URI and keyring). The tarball is kept in
# build/dl so a clean rebuild does not fetch again.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/build/lwip-2.1.3"
dl="$here/build/dl"
tarball="lwip_2.1.3+dfsg1.orig.tar.xz"

[ -f "$dest/src/core/init.c" ] && exit 0
mkdir -p "$dl"

if [ ! -f "$dl/$tarball" ]; then
    if [ -f "/var/cache/cluster-os/$tarball" ]; then
        cp "/var/cache/cluster-os/$tarball" "$dl/"
    else
        if [ "$(id -u)" != 0 ]; then
            echo "lwip: $tarball is missing; as root run tools/deps.sh, or put it in build/dl/" >&2
            exit 1
        fi
        src=/etc/apt/sources.list.d/cluster-os-src.sources
        if ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/ && \
           ! grep -qs "^deb-src .*bookworm" /etc/apt/sources.list; then
            cat > "$src" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
            apt-get update -qq
        fi
        (cd "$dl" && apt-get source --download-only lwip >/dev/null)
        mkdir -p /var/cache/cluster-os && cp "$dl/$tarball" /var/cache/cluster-os/ || true
    fi
fi

(cd "$dl" && sha256sum -c --quiet "$here/tools/lwip.sha256") || {
    echo "lwip: $tarball does not match the sha256 pinned in tools/lwip.sha256" >&2
    rm -f "$dl/$tarball"
    exit 1
}
rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
tar -xJf "$dl/$tarball" -C "$dest.tmp"
mv "$dest.tmp/lwip-2.1.3" "$dest" && rm -rf "$dest.tmp"
echo "lwip: unpacked 2.1.3 to build/lwip-2.1.3"
