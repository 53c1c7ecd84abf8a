#!/bin/sh
# Fetch a program's source from Debian's source package, check it against
# the sha256 pinned in tools/sources.sha256, and unpack it under build/
# (outside the tracked tree: code from elsewhere is never committed).
#
#   tools/fetch-source.sh PACKAGE TARBALL DIR
#
# PACKAGE is the Debian source package (lwip, lua5.4), TARBALL its
# upstream tarball's file name, DIR the directory the tarball unpacks to,
# which ends up as build/DIR. Fetching needs a deb-src entry for bookworm
# main; as root we add one next to the existing deb entry (same URI and
# keyring). The tarball is kept in build/dl and /var/cache/cluster-os, so
# that a clean rebuild does not fetch again. docs/ports.md says how a
# package becomes a program in the initrd.
set -e
package=$1
tarball=$2
dir=$3
[ -n "$dir" ] || { echo "usage: tools/fetch-source.sh PACKAGE TARBALL DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/build/$dir"
dl="$here/build/dl"

[ -f "$dest/.unpacked" ] && exit 0
mkdir -p "$dl"

if [ ! -f "$dl/$tarball" ]; then
    if [ -f "/var/cache/cluster-os/$tarball" ]; then
        cp "/var/cache/cluster-os/$tarball" "$dl/"
    else
        if [ "$(id -u)" != 0 ]; then
            echo "$package: $tarball is missing; as root run tools/deps.sh, or put it in build/dl/" >&2
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
        (cd "$dl" && apt-get source --download-only "$package" >/dev/null)
        mkdir -p /var/cache/cluster-os && cp "$dl/$tarball" /var/cache/cluster-os/ || true
    fi
fi

(cd "$dl" && grep "  $tarball\$" "$here/tools/sources.sha256" | sha256sum -c --quiet -) || {
    echo "$package: $tarball does not match the sha256 pinned in tools/sources.sha256" >&2
    rm -f "$dl/$tarball"
    exit 1
}
rm -rf "$dest.tmp" "$dest" && mkdir -p "$dest.tmp"
tar -xf "$dl/$tarball" -C "$dest.tmp"
mv "$dest.tmp/$dir" "$dest" && rm -rf "$dest.tmp"
touch "$dest/.unpacked"
echo "$package: unpacked $tarball to build/$dir"
