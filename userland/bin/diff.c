// diff [-q] [-u | -U N] FILE1 FILE2: how two text files differ, line by
// line. Exit 0 when they are the same, 1 when they differ, 2 on trouble;
// "-" is standard input.
//
// The comparison is Myers's O(ND) algorithm ("An O(ND) Difference
// Algorithm and Its Variations", 1986) in its linear-space form: find the
// middle snake of the shortest edit script, split there, recurse. That is
// also how GNU diff finds its differences, and it then moves each run of
// changed lines to a canonical place (shift_boundaries below); so does
// this one, so that for the same files both print the same script.
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

// One file, read whole and cut into lines.
struct file {
    const char *name;   // as given on the command line
    char *text;         // every byte of it
    size_t size;
    char **line;        // line[i]: start of line i (0-based) in text
    size_t *len;        // its length, the newline excluded
    int *id;            // equal lines have equal ids (across both files)
    bool *changed;      // line i is deleted (file 1) or inserted (file 2);
                        // changed[-1] and changed[n] exist, always false
    int n;              // how many lines
    bool last_has_nl;   // the last line ends with a newline
    struct stat st;     // for the unified header's time
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "diff: out of memory\n");
        exit(2);
    }
    return p;
}

static void read_file(struct file *f, const char *name)
{
    f->name = name;
    FILE *in = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
    if (!in) {
        fprintf(stderr, "diff: %s: %s\n", name, strerror(errno));
        exit(2);
    }
    memset(&f->st, 0, sizeof(f->st));
    fstat(fileno(in), &f->st);
    size_t cap = 4096;
    f->text = xmalloc(cap);
    f->size = 0;
    size_t got;
    while ((got = fread(f->text + f->size, 1, cap - f->size, in)) > 0) {
        f->size += got;
        if (f->size == cap) {
            cap *= 2;
            char *bigger = realloc(f->text, cap);
            if (!bigger) {
                fprintf(stderr, "diff: out of memory\n");
                exit(2);
            }
            f->text = bigger;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "diff: %s: read error\n", name);
        exit(2);
    }
    if (in != stdin)
        fclose(in);
    int n = 0;
    for (size_t i = 0; i < f->size; i++)
        n += f->text[i] == '\n';
    f->last_has_nl = f->size == 0 || f->text[f->size - 1] == '\n';
    if (!f->last_has_nl)
        n++;
    f->n = n;
    f->line = xmalloc(sizeof(char *) * (size_t)n);
    f->len = xmalloc(sizeof(size_t) * (size_t)n);
    f->id = xmalloc(sizeof(int) * (size_t)n);
    f->changed = calloc((size_t)n + 2, sizeof(bool));
    if (!f->changed) {
        fprintf(stderr, "diff: out of memory\n");
        exit(2);
    }
    f->changed++;
    size_t start = 0;
    for (int k = 0; k < n; k++) {
        size_t end = start;
        while (end < f->size && f->text[end] != '\n')
            end++;
        f->line[k] = f->text + start;
        f->len[k] = end - start;
        start = end + 1;
    }
}

// --- equal lines get equal numbers -----------------------------------------

// A hash table of distinct lines, so that the comparison compares ints.
struct distinct {
    const char *s;
    size_t len;
    bool nonl;        // a last line without its newline: not equal to one with it
    unsigned hash;
};

static unsigned hash_line(const char *s, size_t len)
{
    unsigned h = 2166136261u;   // FNV-1a
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void number_lines(struct file *a, struct file *b)
{
    size_t cap = 1;
    while (cap < 2 * (size_t)(a->n + b->n) + 2)
        cap *= 2;
    struct distinct *table = calloc(cap, sizeof(*table));
    int *ids = xmalloc(sizeof(int) * cap);
    if (!table) {
        fprintf(stderr, "diff: out of memory\n");
        exit(2);
    }
    int next = 0;
    struct file *files[2] = { a, b };
    for (int f = 0; f < 2; f++) {
        for (int k = 0; k < files[f]->n; k++) {
            const char *s = files[f]->line[k];
            size_t len = files[f]->len[k];
            bool nonl = k == files[f]->n - 1 && !files[f]->last_has_nl;
            unsigned h = hash_line(s, len) + nonl;
            size_t slot = h & (cap - 1);
            while (table[slot].s && !(table[slot].hash == h && table[slot].len == len &&
                                      table[slot].nonl == nonl &&
                                      memcmp(table[slot].s, s, len) == 0))
                slot = (slot + 1) & (cap - 1);
            if (!table[slot].s) {
                table[slot] = (struct distinct){ s, len, nonl, h };
                ids[slot] = next++;
            }
            files[f]->id[k] = ids[slot];
        }
    }
    free(table);
    free(ids);
}

// --- Myers: the middle snake, then each half ----------------------------------

static const int *xv, *yv;   // the two files' line ids
static bool *xchanged, *ychanged;
static int *fd, *bd;         // furthest x on each diagonal, forward and backward,
                             // indexed by diagonal + offset

// The middle snake of x[xoff, xlim) against y[yoff, ylim), both non-empty
// and without equal first or last lines: where a shortest edit script
// crosses its middle, in *xmid, *ymid.
static void middle(int xoff, int xlim, int yoff, int ylim, int *xmid, int *ymid)
{
    const int dmin = xoff - ylim, dmax = xlim - yoff;   // the diagonals there are
    const int fmid = xoff - yoff, bmid = xlim - ylim;   // where each search starts
    int fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    bool odd = (fmid - bmid) & 1;   // the searches meet in the forward step
    fd[fmid] = xoff;
    bd[bmid] = xlim;
    for (;;) {
        // One more edit forward, on every diagonal it reaches.
        if (fmin > dmin)
            fd[--fmin - 1] = -1;
        else
            ++fmin;
        if (fmax < dmax)
            fd[++fmax + 1] = -1;
        else
            --fmax;
        for (int d = fmax; d >= fmin; d -= 2) {
            int tlo = fd[d - 1], thi = fd[d + 1];
            int x = tlo < thi ? thi : tlo + 1;
            int y = x - d;
            while (x < xlim && y < ylim && xv[x] == yv[y])
                x++, y++;
            fd[d] = x;
            if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
                *xmid = x;
                *ymid = y;
                return;
            }
        }
        // And one more backward.
        if (bmin > dmin)
            bd[--bmin - 1] = 0x7fffffff;
        else
            ++bmin;
        if (bmax < dmax)
            bd[++bmax + 1] = 0x7fffffff;
        else
            --bmax;
        for (int d = bmax; d >= bmin; d -= 2) {
            int tlo = bd[d - 1], thi = bd[d + 1];
            int x = tlo < thi ? tlo : thi - 1;
            int y = x - d;
            while (xoff < x && yoff < y && xv[x - 1] == yv[y - 1])
                x--, y--;
            bd[d] = x;
            if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
                *xmid = x;
                *ymid = y;
                return;
            }
        }
    }
}

// Mark the lines of x[xoff, xlim) and y[yoff, ylim) that a shortest edit
// script deletes and inserts.
static void compare(int xoff, int xlim, int yoff, int ylim)
{
    while (xoff < xlim && yoff < ylim && xv[xoff] == yv[yoff])
        xoff++, yoff++;
    while (xlim > xoff && ylim > yoff && xv[xlim - 1] == yv[ylim - 1])
        xlim--, ylim--;
    if (xoff == xlim) {
        while (yoff < ylim)
            ychanged[yoff++] = true;
    } else if (yoff == ylim) {
        while (xoff < xlim)
            xchanged[xoff++] = true;
    } else {
        int xmid, ymid;
        middle(xoff, xlim, yoff, ylim, &xmid, &ymid);
        compare(xoff, xmid, yoff, ymid);
        compare(xmid, xlim, ymid, ylim);
    }
}

// Move each run of changed lines of f (the other file: o) to where GNU
// diff puts it, the same edit script either way: first up, as long as the
// line before the run equals its last line, joining runs before it; then
// down, as long as the line after it equals its first line, joining runs
// after it; and if it went past the last place where it faced a run of
// changes in the other file, back to there (one change, not a delete and
// an insert apart). This is GNU diff's shift_boundaries (analyze.c). Runs
// move within f's lines [lo, end): what was compared.
static void shift_boundaries(struct file *f, const struct file *o, int lo, int end)
{
    bool *changed = f->changed;
    const bool *other = o->changed;
    const int *id = f->id;
    int i = lo, j = lo;
    for (;;) {
        // The next run of changes, and where the other file is then.
        while (i < end && !changed[i]) {
            while (other[j++])
                ;
            i++;
        }
        if (i == end)
            break;
        int start = i, runlength, corresponding;
        while (changed[++i])
            ;
        while (other[j])
            j++;
        do {
            runlength = i - start;
            while (start > lo && id[start - 1] == id[i - 1]) {
                changed[--start] = true;
                changed[--i] = false;
                while (changed[start - 1])
                    start--;
                while (other[--j])
                    ;
            }
            corresponding = other[j - 1] ? i : end;
            while (i != end && id[start] == id[i]) {
                changed[start++] = false;
                changed[i++] = true;
                while (changed[i])
                    i++;
                while (other[++j])
                    corresponding = i;
            }
        } while (runlength != i - start);
        while (corresponding < i) {
            changed[--start] = true;
            changed[--i] = false;
            while (other[--j])
                ;
        }
    }
}

// --- output ------------------------------------------------------------------

// One run of changes: a[a0, a1) replaced by b[b0, b1).
struct hunk {
    int a0, a1, b0, b1;
};

// The changes in file order, into h (room for a->n + b->n + 1).
static int collect(const struct file *a, const struct file *b, struct hunk *h)
{
    int n = 0, i = 0, j = 0;
    while (i < a->n || j < b->n) {
        if (i < a->n && j < b->n && !a->changed[i] && !b->changed[j]) {
            i++, j++;
            continue;
        }
        struct hunk k = { i, i, j, j };
        while (i < a->n && a->changed[i])
            i++;
        while (j < b->n && b->changed[j])
            j++;
        k.a1 = i;
        k.b1 = j;
        h[n++] = k;
    }
    return n;
}

static void put_line(const struct file *f, int k, const char *mark)
{
    fputs(mark, stdout);
    fwrite(f->line[k], 1, f->len[k], stdout);
    putchar('\n');
    if (k == f->n - 1 && !f->last_has_nl)
        printf("\\ No newline at end of file\n");
}

// A range in the normal format: "3" or "3,5" (1-based; empty: the line before).
static void put_range(int from, int to)
{
    if (to - from <= 1)
        printf("%d", to > from ? from + 1 : from);
    else
        printf("%d,%d", from + 1, to);
}

static void normal(const struct file *a, const struct file *b, const struct hunk *h, int n)
{
    for (int k = 0; k < n; k++) {
        const struct hunk *c = &h[k];
        put_range(c->a0, c->a1);
        putchar(c->a0 == c->a1 ? 'a' : c->b0 == c->b1 ? 'd' : 'c');
        put_range(c->b0, c->b1);
        putchar('\n');
        for (int i = c->a0; i < c->a1; i++)
            put_line(a, i, "< ");
        if (c->a0 < c->a1 && c->b0 < c->b1)
            printf("---\n");
        for (int j = c->b0; j < c->b1; j++)
            put_line(b, j, "> ");
    }
}

// A range in the unified format: "START,COUNT", COUNT left out when 1,
// START the line before when COUNT is 0.
static void put_urange(int from, int to)
{
    int count = to - from;
    if (count == 1)
        printf("%d", from + 1);
    else
        printf("%d,%d", count ? from + 1 : from, count);
}

static void header(const char *mark, const struct file *f)
{
    char when[64] = "";
    time_t t = f->st.st_mtime;
    struct tm *tm = gmtime(&t);
    if (tm)
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", tm);
    printf("%s %s\t%s.000000000 +0000\n", mark, f->name, when);
}

static void unified(const struct file *a, const struct file *b, const struct hunk *h, int n,
                    int context)
{
    header("---", a);
    header("+++", b);
    int k = 0;
    while (k < n) {
        // Hunks closer than two contexts print as one.
        int last = k;
        while (last + 1 < n && h[last + 1].a0 - h[last].a1 <= 2 * context)
            last++;
        int a0 = h[k].a0 - context < 0 ? 0 : h[k].a0 - context;
        int a1 = h[last].a1 + context > a->n ? a->n : h[last].a1 + context;
        int b0 = h[k].b0 - (h[k].a0 - a0);
        int b1 = h[last].b1 + (a1 - h[last].a1);
        printf("@@ -");
        put_urange(a0, a1);
        printf(" +");
        put_urange(b0, b1);
        printf(" @@\n");
        int i = a0;
        for (int c = k; c <= last; c++) {
            for (; i < h[c].a0; i++)
                put_line(a, i, " ");
            for (; i < h[c].a1; i++)
                put_line(a, i, "-");
            for (int j = h[c].b0; j < h[c].b1; j++)
                put_line(b, j, "+");
        }
        for (; i < a1; i++)
            put_line(a, i, " ");
        k = last + 1;
    }
}

static bool binary(const struct file *f)
{
    return memchr(f->text, '\0', f->size) != NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: diff [-q] [-u | -U N] FILE1 FILE2\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int context = -1, c;
    bool brief = false;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: diff [-q] [-u | -U N] FILE1 FILE2\n"
               "  show how two text files differ, line by line (- is standard input)\n"
               "  -q    only say whether they differ\n"
               "  -u    unified format, 3 lines of context\n"
               "  -U N  unified format, N lines of context\n"
               "  exit status: 0 the same, 1 they differ, 2 trouble\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "quU:")) != -1) {
        if (c == 'q') {
            brief = true;
        } else if (c == 'u') {
            context = 3;
        } else if (c == 'U') {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 0 || n > 1000000) {
                fprintf(stderr, "diff: invalid context length '%s'\n", optarg);
                return 2;
            }
            context = (int)n;
        } else {
            usage();
        }
    }
    if (argc - optind != 2)
        usage();
    struct file a, b;
    read_file(&a, argv[optind]);
    read_file(&b, argv[optind + 1]);
    if (a.size == b.size && memcmp(a.text, b.text, a.size) == 0)
        return 0;
    if (brief || binary(&a) || binary(&b)) {
        printf("%s %s and %s differ\n", brief ? "Files" : "Binary files", a.name, b.name);
        return 1;
    }
    number_lines(&a, &b);
    // The diagonals run from -(b.n) to a.n, and one more each side.
    int diagonals = a.n + b.n + 3;
    fd = (int *)xmalloc(sizeof(int) * (size_t)diagonals) + b.n + 1;
    bd = (int *)xmalloc(sizeof(int) * (size_t)diagonals) + b.n + 1;
    xv = a.id;
    yv = b.id;
    xchanged = a.changed;
    ychanged = b.changed;
    // The lines both files begin and end with are left out of the
    // comparison, but for as many as the context shows (GNU diff's
    // "horizon"): runs of changes move only within what is compared, so
    // this decides where an added line that repeats its neighbours goes.
    int pre = 0, suf = 0;
    while (pre < a.n && pre < b.n && a.id[pre] == b.id[pre])
        pre++;
    while (suf < a.n - pre && suf < b.n - pre && a.id[a.n - 1 - suf] == b.id[b.n - 1 - suf])
        suf++;
    int keep = context < 0 ? 0 : context;
    int lo = pre > keep ? pre - keep : 0;
    int cut = suf > keep ? suf - keep : 0;
    compare(lo, a.n - cut, lo, b.n - cut);
    shift_boundaries(&a, &b, lo, a.n - cut);
    shift_boundaries(&b, &a, lo, b.n - cut);
    struct hunk *h = xmalloc(sizeof(struct hunk) * (size_t)(a.n + b.n + 1));
    int n = collect(&a, &b, h);
    if (context >= 0)
        unified(&a, &b, h, n, context);
    else
        normal(&a, &b, h, n);
    return 1;
}
