#!/bin/sh
# A tour of the POSIX shell: each part prints what it shows. The output is
# the same on any POSIX system (tests/cluster/test_dash.py compares this
# system's /bin/sh, dash, with the host's dash). Run it: sh /share/sh/posix.sh
work=/tmp/posix-tour.$$
mkdir -p "$work" && cd "$work" || exit 1
trap 'cd /; rm -rf "$work"; echo "EXIT trap: cleaned up"' EXIT

echo "== if, elif, else, test"
for n in 3 10 42; do
    if [ "$n" -lt 5 ]; then echo "$n is small"
    elif [ "$n" -eq 10 ] || [ "$n" = 11 ]; then echo "$n is ten-ish"
    else echo "$n is big"; fi
done
[ -z "" ] && [ -n "x" ] && ! [ a = b ] && echo "tests combine"
test 2 -gt 1 -a 3 -ge 3 && echo "test -a works"

echo "== loops: while, until, for, break, continue"
i=0
while [ $i -lt 10 ]; do
    i=$((i + 1))
    [ $i -eq 3 ] && continue
    [ $i -eq 6 ] && break
    printf '%s ' "$i"
done
echo
until [ $i -le 0 ]; do i=$((i - 2)); done
echo "until ended at $i"
for outer in a b c; do
    for inner in 1 2 3; do
        [ "$inner" = 2 ] && continue 2
        echo "$outer$inner"
    done
done

echo "== case"
for word in apple Banana cherry 42 ""; do
    case $word in
        a*|A*) echo "$word: starts with a" ;;
        [Bb]anana) echo "$word: a banana" ;;
        *[0-9]*) echo "$word: has a digit" ;;
        "") echo "(empty)" ;;
        *) echo "$word: something else" ;;
    esac
done

echo "== functions, arguments, return, shift"
greet() {
    echo "greet: $# arguments, first '$1', all: $*"
    shift
    for a in "$@"; do echo "  arg <$a>"; done
    return 7
}
greet one "two words" three
echo "greet returned $?"
count() { echo $#; }
set -- x "y z" ""
echo "positional: $# / count \"\$@\": $(count "$@") / count \$*: $(count $*)"

echo "== expansions"
name=world
echo "hello ${name}, ${#name} letters, ${unset_var:-default}, ${name:+set}"
: "${assigned:=now set}"; echo "assigned: $assigned"
path=/usr/local/lib/libfoo.so.1
echo "${path##*/} ${path%/*} ${path#*/} ${path%%.*}"
echo "arith: $((3 + 4 * 2)) $(( (3 + 4) * 2 )) $((17 / 5)) $((17 % 5)) $((1 << 10)) $((-7 / 2))"
x=5; y=$((x * x)); echo "x=$x y=$y $((x > 3 ? 100 : 200))"
echo "command substitution: $(echo inner $(echo nested)) and `echo backquoted`"
echo "quotes: '$name' \"$name\" \$name"' $name'
list="a:b::c"
old_ifs=$IFS; IFS=:
set -- $list
IFS=$old_ifs
echo "split on ':' gives $# fields: $1|$2|$3|$4"

echo "== here-documents"
cat <<END
plain: $name $((2 + 2))
END
cat <<'END'
quoted: $name $((2 + 2))
END
	cat <<-END
	tabs stripped: $name
	END

echo "== redirections and pipelines"
echo first > out.txt
echo second >> out.txt
while read -r line; do echo "read: $line"; done < out.txt
{ echo to-stderr >&2; echo to-stdout; } 2>&1 | sort
echo "c b a" | tr ' ' '\n' | sort | tr '\n' ' '; echo
cat nosuchfile 2>/dev/null || echo "cat failed quietly"
exec 3> fd3.txt; echo "via fd 3" >&3; exec 3>&-; cat fd3.txt

echo "== subshells and groups"
v=outer
( v=inner; echo "in subshell: $v" ); echo "after subshell: $v"
{ v=group; }; echo "after group: $v"
( exit 3 ); echo "subshell exit: $?"

echo "== globbing"
touch b.txt a.txt c.log
echo *.txt
echo *.none
set -- *.log; echo "matched $1"

echo "== read, eval, getopts"
printf 'one two three\n' | { read a b; echo "a=$a b=$b"; }
cmd='echo evaluated $name'; eval "$cmd"
parse() {
    OPTIND=1
    while getopts "ab:" opt "$@"; do
        case $opt in a) echo "option a" ;; b) echo "option b=$OPTARG" ;; *) echo "bad option" ;; esac
    done
    shift $((OPTIND - 1)); echo "rest: $*"
}
parse -a -b val file1 file2

echo "== background jobs, wait"
for n in 3 1 2; do
    ( echo "job $n done" > job$n.txt ) &
done
wait
cat job1.txt job2.txt job3.txt
( exit 5 ) & wait $!; echo "background status $?"

echo "== traps, signals, set -e"
trap 'echo "INT caught"' INT
kill -INT $$
trap - INT
dash -c 'trap "echo TERM caught; exit 9" TERM; kill -TERM $$; echo not reached'; echo "that shell ended: $?"
( set -e; true; false; echo "not reached" ); echo "set -e stopped it: $?"
( set -x; echo traced ) 2>&1

echo "== scripts by name (#!)"
printf '#!/bin/sh\necho "script got: $*"\nexit 3\n' > run.sh
chmod +x run.sh
./run.sh x y; echo "script status $?"
. ./out.txt 2>/dev/null || echo "sourcing a non-script failed: $?"
printf 'sourced_var=from-dot\n' > lib.sh; . ./lib.sh; echo "$sourced_var"

echo "== printf"
printf '%5s|%-5s|%05d|%x|%o|%c|%%\n' ab cd 42 255 8 Z
printf '%s\n' one two three
printf '%d %s\n' 1 a 2 b
exit 4
