// expr EXPRESSION: evaluate an expression given as separate words and print
// its value, as POSIX describes it. From the loosest to the tightest:
//   A | B   A if it is neither empty nor 0, else B
//   A & B   A if neither is empty nor 0, else 0
//   A = B, A != B, A < B, A <= B, A > B, A >= B   1 or 0 (as integers when
//           both are, else as strings)
//   A + B, A - B   A * B, A / B, A % B   integers
//   A : RE  match RE (a basic regular expression: . * [...] ^ $ \( \)
//           and \c, anchored at the start of A): the text of \(...\) if
//           RE has one, else how many characters matched
//   ( A )
// Exit status: 0 when the value is neither empty nor 0, 1 when it is, 2
// for a bad expression or an error (division by zero).
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **tok;   // the words not yet read
static int ntok;

static void fail(int status, const char *msg)
{
    fprintf(stderr, "expr: %s\n", msg);
    exit(status);
}

// A value: its text, and whether it is an integer (then num holds it).
struct value {
    char text[512];
    int is_num;
    long num;
};

static void set_num(struct value *v, long n)
{
    v->is_num = 1;
    v->num = n;
    snprintf(v->text, sizeof(v->text), "%ld", n);
}

static void set_text(struct value *v, const char *s)
{
    snprintf(v->text, sizeof(v->text), "%s", s);
    char *end;
    v->num = strtol(s, &end, 10);
    v->is_num = *s && *end == '\0' && (isdigit((unsigned char)*s) || (*s == '-' && s[1]));
}

static int is_null(const struct value *v)
{
    return v->text[0] == '\0' || (v->is_num && v->num == 0);
}

static int next_is(const char *op)
{
    return ntok > 0 && strcmp(tok[0], op) == 0;
}

static const char *take(void)
{
    if (ntok == 0)
        fail(2, "syntax error: missing argument");
    ntok--;
    return *tok++;
}

// --- the ":" operator: a small matcher of basic regular expressions ------

enum { LIT, ANY, SET, OPEN, CLOSE, END };

struct node {
    int kind;
    unsigned char c;       // LIT
    char in[256];          // SET: which bytes
    int star;              // followed by '*'
};

static struct node re[256];
static int nre;
static int group, gstart, gend;   // the RE has \( \); where it matched

static void compile(const char *p)
{
    nre = 0;
    group = 0;
    if (*p == '^')   // always anchored at the start: a leading ^ adds nothing
        p++;
    while (*p) {
        if (nre == (int)(sizeof(re) / sizeof(re[0])) - 1)
            fail(2, "regular expression too long");
        struct node *n = &re[nre];
        memset(n, 0, sizeof(*n));
        if (p[0] == '\\' && p[1] == '(') {
            n->kind = OPEN, p += 2, group = 1;
        } else if (p[0] == '\\' && p[1] == ')') {
            n->kind = CLOSE, p += 2;
        } else if (p[0] == '\\' && p[1]) {
            n->kind = LIT, n->c = (unsigned char)p[1], p += 2;
        } else if (*p == '.') {
            n->kind = ANY, p++;
        } else if (*p == '$' && p[1] == '\0') {
            n->kind = END, p++;
        } else if (*p == '[') {
            n->kind = SET;
            p++;
            int negate = *p == '^';
            if (negate)
                p++;
            int first = 1;
            while (*p && (*p != ']' || first)) {
                unsigned char lo = (unsigned char)*p++, hi = lo;
                if (*p == '-' && p[1] && p[1] != ']') {
                    hi = (unsigned char)p[1];
                    p += 2;
                }
                for (int c = lo; c <= hi; c++)
                    n->in[c] = 1;
                first = 0;
            }
            if (*p != ']')
                fail(2, "unmatched [ in regular expression");
            p++;
            if (negate)
                for (int c = 0; c < 256; c++)
                    n->in[c] = !n->in[c];
        } else {
            n->kind = LIT, n->c = (unsigned char)*p++;
        }
        if (*p == '*' && n->kind != OPEN && n->kind != CLOSE) {
            n->star = 1;
            p++;
        }
        nre++;
    }
    re[nre].kind = END + 1;   // the end of the expression
}

static int one(const struct node *n, const char *s, int pos)
{
    unsigned char c = (unsigned char)s[pos];
    if (c == '\0')
        return 0;
    return n->kind == ANY || (n->kind == LIT && n->c == c) || (n->kind == SET && n->in[c]);
}

// Match re[i..] against s from pos: where the match ends, or -1.
static int match(int i, const char *s, int pos)
{
    const struct node *n = &re[i];
    if (n->kind == END + 1)
        return pos;
    if (n->kind == END)
        return s[pos] == '\0' ? match(i + 1, s, pos) : -1;
    if (n->kind == OPEN || n->kind == CLOSE) {
        int r = match(i + 1, s, pos);
        if (r >= 0) {
            if (n->kind == OPEN)
                gstart = pos;
            else
                gend = pos;
        }
        return r;
    }
    if (n->star) {   // as many as possible, then fewer
        int k = pos;
        while (one(n, s, k))
            k++;
        for (; k >= pos; k--) {
            int r = match(i + 1, s, k);
            if (r >= 0)
                return r;
        }
        return -1;
    }
    return one(n, s, pos) ? match(i + 1, s, pos + 1) : -1;
}

// --- the grammar, loosest first -----------------------------------------

static void expr_or(struct value *v);

static void primary(struct value *v)
{
    if (next_is("(")) {
        take();
        expr_or(v);
        if (!next_is(")"))
            fail(2, "syntax error: expecting ')'");
        take();
        return;
    }
    set_text(v, take());
}

static void colon(struct value *v)
{
    primary(v);
    while (next_is(":")) {
        take();
        struct value r;
        primary(&r);
        compile(r.text);
        gstart = gend = -1;
        int end = match(0, v->text, 0);
        if (group) {
            char sub[512] = "";
            if (end >= 0 && gstart >= 0 && gend >= gstart)
                snprintf(sub, sizeof(sub), "%.*s", gend - gstart, v->text + gstart);
            set_text(v, sub);
            v->is_num = 0;   // the text of a group stays a string
            char *e;
            v->num = strtol(sub, &e, 10);
            v->is_num = *sub && *e == '\0';
        } else {
            set_num(v, end >= 0 ? end : 0);
        }
    }
}

static long need_num(const struct value *v)
{
    if (!v->is_num)
        fail(2, "non-integer argument");
    return v->num;
}

static void product(struct value *v)
{
    colon(v);
    while (next_is("*") || next_is("/") || next_is("%")) {
        char op = take()[0];
        struct value r;
        colon(&r);
        long a = need_num(v), b = need_num(&r);
        if (op != '*' && b == 0)
            fail(2, "division by zero");
        set_num(v, op == '*' ? a * b : op == '/' ? a / b : a % b);
    }
}

static void sum(struct value *v)
{
    product(v);
    while (next_is("+") || next_is("-")) {
        char op = take()[0];
        struct value r;
        product(&r);
        long a = need_num(v), b = need_num(&r);
        set_num(v, op == '+' ? a + b : a - b);
    }
}

static void compare(struct value *v)
{
    sum(v);
    while (next_is("=") || next_is("!=") || next_is("<") || next_is("<=") ||
           next_is(">") || next_is(">=")) {
        const char *op = take();
        struct value r;
        sum(&r);
        long d;
        if (v->is_num && r.is_num)
            d = v->num < r.num ? -1 : v->num > r.num;
        else
            d = strcmp(v->text, r.text);
        int t = strcmp(op, "=") == 0 ? d == 0 : strcmp(op, "!=") == 0 ? d != 0 :
                strcmp(op, "<") == 0 ? d < 0 : strcmp(op, "<=") == 0 ? d <= 0 :
                strcmp(op, ">") == 0 ? d > 0 : d >= 0;
        set_num(v, t);
    }
}

static void expr_and(struct value *v)
{
    compare(v);
    while (next_is("&")) {
        take();
        struct value r;
        compare(&r);
        if (is_null(v) || is_null(&r))
            set_num(v, 0);
    }
}

static void expr_or(struct value *v)
{
    expr_and(v);
    while (next_is("|")) {
        take();
        struct value r;
        expr_and(&r);
        if (is_null(v))
            *v = r;
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: expr EXPRESSION\n"
               "  print the value of EXPRESSION, its operators and operands separate words:\n"
               "  A | B, A & B, A = != < <= > >= B, A + - B, A * / %% B, A : RE, ( A )\n");
        return 0;
    }
    if (argc < 2)
        fail(2, "syntax error: missing argument");
    tok = argv + 1;
    ntok = argc - 1;
    struct value v;
    expr_or(&v);
    if (ntok > 0) {
        fprintf(stderr, "expr: syntax error: unexpected argument '%s'\n", tok[0]);
        return 2;
    }
    puts(v.text);
    return is_null(&v) ? 1 : 0;
}
