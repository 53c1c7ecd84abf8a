#!/bin/sh
# Check that the kernel and every program stay at the CPU floor, a Pentium
# (i586): no instruction of a later CPU (CMOV and FCOMI of the Pentium Pro,
# SYSENTER, MMX and SSE) anywhere, and FXSAVE/FXRSTOR only in the FPU code,
# which uses them only when CPUID says the CPU has them (kernel/fpu.c).
#   tools/check-floor.sh OBJDUMP FILE...
# Prints each offending function and exits 1 if there is one.
set -e
objdump=$1
shift
bad=0
for f in "$@"; do
    out=$("$objdump" -d --no-show-raw-insn "$f" | awk -v file="$f" '
        /^[0-9a-f]+ <.*>:$/ { fn = $2; next }
        {
            op = $2
            if (op ~ /^(cmov|fcmov|fcomi|fucomi|sysenter|sysexit)/ ||
                op ~ /^(movd|movq|paddb|pxor|por|pand|emms)$/ ||
                op ~ /^(movss|movsd|movaps|movups|movdqa|movdqu|xorps|addss|addsd|mulss|mulsd|cvt|ucomis|comis)/)
                print file ": " fn " uses " op
            else if (op ~ /^fx(save|rstor)/ && fn !~ /^<fpu_/)
                print file ": " fn " uses " op " outside the FPU code"
        }' | sort -u)
    if [ -n "$out" ]; then
        echo "$out"
        bad=1
    fi
done
if [ $bad = 1 ]; then
    echo "check-floor: instructions above the i586 floor (see MARCH in Makefile)"
    exit 1
fi
echo "check-floor: $# files at the i586 floor"
