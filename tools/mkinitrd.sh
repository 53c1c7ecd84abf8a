#!/bin/sh
# Build the initial root file system: rootfs/ (the skeleton), plus the
# user programs under build/userland/bin when they exist, packed as a
# "cpio -H newc" archive.
#   tools/mkinitrd.sh STAGING_DIR OUTPUT.cpio
set -e
stage=$1
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$stage"
mkdir -p "$stage"
cp -a "$here/rootfs/." "$stage/"
if [ -d "$here/build/userland/bin" ]; then
    mkdir -p "$stage/bin"
    cp -a "$here/build/userland/bin/." "$stage/bin/"
fi
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible) > "$out.tmp"
mv "$out.tmp" "$out"
