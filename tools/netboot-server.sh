#!/bin/sh
# The dnsmasq configuration that serves a network boot tree (make netboot)
# on a real LAN: DHCP that points PCs at GRUB's network image, and TFTP for
# the tree. docs/netboot.md explains both modes and how to run it.
#
#   tools/netboot-server.sh [--proxy] [--range START,END] [--write FILE] DIR IFACE
#
#   DIR     the tree (build/netboot): it must hold boot/grub/i386-pc/core.0
#   IFACE   the server's interface on the cluster's LAN (it must have an
#           IPv4 address there)
#   --proxy proxy DHCP: another DHCP server on the LAN (a router) gives the
#           addresses; dnsmasq only adds the boot information. This also
#           writes DIR/boot/grub/i386-pc/proxy.0: GRUB's network image with
#           this server's address built in (under proxy DHCP the PC's DHCP
#           answer comes from the router, and GRUB would ask the router for
#           its files)
#   --range the addresses to give (full DHCP only); default .100 to .199 of
#           IFACE's /24
#   --write write the configuration to FILE instead of printing it
#
# Then: dnsmasq --conf-file=FILE (as root: DHCP and TFTP ports are < 1024).
set -e
usage() {
    echo "usage: tools/netboot-server.sh [--proxy] [--range START,END] [--write FILE] DIR IFACE" >&2
    exit 2
}
proxy=0 range="" out=""
while [ $# -gt 0 ]; do
    case "$1" in
    --proxy) proxy=1; shift ;;
    --range) [ $# -ge 2 ] || usage; range=$2; shift 2 ;;
    --write) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || usage
dir=$(cd "$1" 2>/dev/null && pwd) || { echo "netboot-server: no directory $1" >&2; exit 1; }
iface=$2
if [ ! -f "$dir/boot/grub/i386-pc/core.0" ]; then
    echo "netboot-server: $dir has no boot/grub/i386-pc/core.0: run make netboot first" >&2
    exit 1
fi

# IFACE's first IPv4 address and prefix: "192.168.1.5/24".
cidr=$(ip -4 -o addr show dev "$iface" 2>/dev/null | awk '{ print $4; exit }')
if [ -z "$cidr" ]; then
    echo "netboot-server: $iface has no IPv4 address (ip -4 addr show dev $iface)" >&2
    exit 1
fi
addr=${cidr%/*}
prefix=${cidr#*/}
# The network address, from the address and the prefix length.
net=$(echo "$addr" | awk -F. -v p="$prefix" '{
    a = (($1 * 256 + $2) * 256 + $3) * 256 + $4
    size = 2 ^ (32 - p)
    n = a - a % size
    printf "%d.%d.%d.%d", int(n / 16777216) % 256, int(n / 65536) % 256, int(n / 256) % 256, n % 256
}')
mask=$(awk -v p="$prefix" 'BEGIN {
    m = 4294967296 - 2 ^ (32 - p)
    printf "%d.%d.%d.%d", int(m / 16777216) % 256, int(m / 65536) % 256, int(m / 256) % 256, m % 256
}')

if [ $proxy = 1 ]; then
    grub-mkimage -O i386-pc-pxe -d /usr/lib/grub/i386-pc -p "(tftp,$addr)/boot/grub" \
        -o "$dir/boot/grub/i386-pc/proxy.0" pxe tftp
    chmod 644 "$dir/boot/grub/i386-pc/proxy.0"
fi

if [ $proxy = 0 ] && [ -z "$range" ]; then
    if [ "$prefix" -gt 24 ]; then
        echo "netboot-server: $iface is on a /$prefix: give the addresses with --range START,END" >&2
        exit 1
    fi
    base=${addr%.*}
    range="$base.100,$base.199"
fi

emit() {
    cat <<EOF
# dnsmasq configuration for booting cluster-os nodes over the network
# (made by tools/netboot-server.sh for $iface, $cidr; tree $dir).
# Run as root: dnsmasq --conf-file=THIS_FILE

# No DNS: this dnsmasq does DHCP and TFTP only.
port=0
interface=$iface
bind-interfaces

# TFTP: the tree. dnsmasq sends only world-readable files.
enable-tftp
tftp-root=$dir
EOF
    if [ $proxy = 1 ]; then
        cat <<EOF

# Proxy DHCP: the LAN's own DHCP server gives the addresses; this one only
# tells PXE ROMs what to boot: proxy.0, GRUB with this server's address
# built in. dnsmasq adds ".0" to the file name.
dhcp-range=$net,proxy,$mask
pxe-service=x86PC,"cluster-os (network boot)",boot/grub/i386-pc/proxy
EOF
    else
        cat <<EOF

# Full DHCP: this server gives the addresses (and must be the only DHCP
# server on the LAN), and names GRUB's network image as the boot file.
dhcp-range=${range%,*},${range#*,},$mask,12h
dhcp-boot=boot/grub/i386-pc/core.0
EOF
    fi
    if [ -f "$dir/cluster.key" ]; then
        cat <<EOF

# WARNING: the tree holds cluster.key. TFTP sends it in the clear to anyone
# on this LAN who asks, and with it anyone can join the cluster and run
# processes on it. See docs/netboot.md for the alternatives.
EOF
    fi
}

if [ -n "$out" ]; then
    emit > "$out"
    echo "netboot-server: wrote $out; run: dnsmasq --conf-file=$out" >&2
else
    emit
fi
