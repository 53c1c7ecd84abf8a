// The argument form cp and mv share: "PROG SOURCE DEST" or
// "PROG SOURCE... DIRECTORY".
#ifndef TARGETS_H
#define TARGETS_H

// Check the arguments and call fn(source, target) for each source, where
// target is DEST or DIRECTORY/basename(source). Returns the exit status:
// 2 for a usage error, 1 if any call failed (fn returns non-zero), else 0.
int for_each_target(const char *prog, int argc, char **argv,
                    int (*fn)(const char *src, const char *dst));

#endif
