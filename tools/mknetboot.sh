#!/bin/sh
# Make a network boot tree: the root of a TFTP server from which PCs (or
# QEMU nodes) boot diskless, over PXE.
#
#   tools/mknetboot.sh DIR KERNEL INITRD [KEYFILE]
#
# DIR gets
#   boot/grub/i386-pc/core.0   GRUB's network image: the file DHCP names
#                              (the PC's PXE ROM loads it over TFTP)
#   boot/grub/grub.cfg         loads the kernel, the initrd and the key
#   kernel.elf, initrd.cpio    copies of KERNEL and INITRD
#   cluster.key                only when KEYFILE is given: TFTP sends it in
#                              the clear to anyone on the LAN (docs/netboot.md)
#   nodes/                     per-node settings, one file per MAC address:
#                              nodes/52:54:00:4d:00:01.cfg holding, e.g.,
#                              set args="node=1 speed=2000"
# Files already in nodes/ are kept, so the tree can be remade in place.
set -e
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: tools/mknetboot.sh DIR KERNEL INITRD [KEYFILE]" >&2
    exit 2
fi
dir=$1 kernel=$2 initrd=$3 key=${4:-}
mkdir -p "$dir/nodes"
grub-mknetdir --net-directory="$dir" --subdir=boot/grub -d /usr/lib/grub/i386-pc \
    --fonts= --locales= --themes= >/dev/null
cp "$kernel" "$dir/kernel.elf"
cp "$initrd" "$dir/initrd.cpio"
if [ -n "$key" ]; then
    # World-readable: TFTP servers send only such files (and send them to
    # anyone who asks: docs/netboot.md says what that means).
    install -m 644 "$key" "$dir/cluster.key"
    keyline='if ! module ($root)/cluster.key cluster.key; then echo "cluster-os: cluster.key did not load: this node will not join the cluster"; fi'
else
    rm -f "$dir/cluster.key"
    # No key in the tree: look for /cluster.key on the PC's own disks and
    # USB sticks (as the BIOS sees them), so that the secret never crosses
    # the network (docs/netboot.md, "The key").
    keyline='insmod biosdisk; insmod part_msdos; insmod fat
        if search --no-floppy --file --set=keydev /cluster.key; then
            echo "cluster-os: cluster.key from the local disk ($keydev)"
            module ($keydev)/cluster.key cluster.key
        else
            echo "cluster-os: no cluster.key on a local disk: this node will not join the cluster"
        fi'
fi

cat > "$dir/boot/grub/grub.cfg" <<EOF
# Network boot of cluster-os (made by tools/mknetboot.sh). GRUB came over
# TFTP from the server that gave this PC its DHCP address; \$root is that
# server, (tftp,ADDRESS).
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console

# What every node boots, unless its own file below says otherwise. With no
# ip= on the command line the kernel asks DHCP for its address, and its node
# id comes from that address; README.md lists the other settings.
set kernel=/kernel.elf
set initrd=/initrd.cpio
set args=""

# Per-node settings, by the MAC address of the card that booted:
# nodes/52:54:00:4d:00:01.cfg may set args (and kernel or initrd). The test
# is -s (a file that is not empty): over TFTP, -e and -f would need a
# directory listing, which TFTP does not have, and are always false.
if [ -s "(\$root)/nodes/\${net_default_mac}.cfg" ]; then
    echo "cluster-os: settings for \${net_default_mac} from nodes/\${net_default_mac}.cfg"
    source "(\$root)/nodes/\${net_default_mac}.cfg"
fi

# The server GRUB loads its files from: \$root is (tftp,SERVER). Under proxy
# DHCP it is not \$net_default_server, which is then the LAN's DHCP server.
set server="\$net_default_server"
regexp --set=1:server '^tftp,(.+)\$' "\$root"

echo "cluster-os: loading \$kernel \$args from \$server"
# netboot= tells the kernel how it came (its boot messages say so).
if multiboot "(\$root)\$kernel" netboot=\$server \$args; then
    # GRUB gives a module only the words after its file name: "initrd"
    # and "cluster.key" are how the kernel tells the modules apart.
    if module "(\$root)\$initrd" initrd; then
        $keyline
        boot
    fi
fi

# Only reached when a file could not be loaded: say so and try again, so a
# PC whose server is being fixed boots once it is, without a reset loop.
echo "cluster-os: cannot boot: \$kernel or \$initrd did not load (see above)"
echo "cluster-os: retrying in 30 s"
sleep 30
configfile "\$prefix/grub.cfg"
EOF
echo "mknetboot: $dir: point DHCP at boot/grub/i386-pc/core.0, TFTP root $dir"
