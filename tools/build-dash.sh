#!/bin/sh
# Build dash, unmodified, from Debian's source (unpacked by tools/deps.sh)
# against this system's C library, with dash's own configure and Makefile
# (they generate parts of the shell with small host programs first).
#
#   tools/build-dash.sh SRC OBJ OUT CC CFLAGS LDFLAGS LIBS
#
# SRC is the unpacked source, OBJ the build directory (out of the source
# tree), OUT the program made. The compiler is the cross compiler with the
# programs' flags; the host's cc builds the helpers.
set -e
src=$(cd "$1" && pwd)
obj=$2
out=$3
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$obj"
if [ ! -f Makefile ] || [ ! -f config.status ] || [ "$src/configure" -nt config.status ]; then
    "$src/configure" --host=i686-linux-gnu CC="$4" CFLAGS="$5" LDFLAGS="$6" LIBS="$7" \
        > configure.log 2>&1 || { tail -40 configure.log; echo "dash: configure failed (build/userland/dash/configure.log)" >&2; exit 1; }
fi
make > make.log 2>&1 || { tail -40 make.log; echo "dash: make failed (build/userland/dash/make.log)" >&2; exit 1; }
cp src/dash "$out"
echo "dash: built $out"
