#!/bin/sh
# Set-up: make sure every Debian package the build and the tests need is
# installed, and that the pinned sources built from Debian's source
# packages (lwIP, Lua, zlib, dash) are unpacked under build/.
#
#   tools/deps.sh          check; install what is missing (root) or say what
#                          to install and fail (not root)
#   tools/deps.sh --check  only check, never install
#
# The list below is the whole list: add a package here, nowhere else.
set -e

PACKAGES="gcc-i686-linux-gnu binutils-i686-linux-gnu nasm make cpio
grub-pc-bin grub-common xorriso mtools qemu-system-x86 ipxe-qemu
gcc clang libcmocka-dev python3 python3-pytest python3-pexpect
nftables iproute2 dnsmasq-base vde2 xz-utils bzip2 dpkg-dev lua5.4 dash"

here=$(cd "$(dirname "$0")/.." && pwd)
stamp="$here/build/.deps-ok"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    if [ "$1" = "--check" ] || [ "$(id -u)" != 0 ]; then
        echo "deps: missing Debian packages:$missing" >&2
        echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
        echo "deps: (or run 'make' as root and it installs them itself)" >&2
        exit 1
    fi
    echo "deps: installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

"$here/tools/fetch-source.sh" lwip lwip_2.1.3+dfsg1.orig.tar.xz lwip-2.1.3
"$here/tools/fetch-source.sh" lua5.4 lua5.4_5.4.4.orig.tar.gz lua-5.4.4
"$here/tools/fetch-source.sh" zlib zlib_1.2.13.dfsg.orig.tar.bz2 zlib-1.2.13.dfsg
"$here/tools/fetch-source.sh" dash dash_0.5.12.orig.tar.gz dash-0.5.12

mkdir -p "$here/build"
touch "$stamp"
