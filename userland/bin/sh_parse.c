// The shell's command-line parser (see sh_parse.h): a lexer that copies
// words as written and checks their quoting, a parser that groups them
// into commands and pipelines, and an expander that unquotes the words
// of one pipeline and substitutes its variables.
#include <string.h>
#include "sh_parse.h"

// Kinds of tokens.
enum tok {
    T_WORD,     // a word (text in the line's buffer)
    T_PIPE,     // |
    T_AMP,      // &
    T_SEMI,     // ;
    T_IN,       // <
    T_OUT,      // >
    T_APPEND,   // >>
    T_ERR,      // 2>
    T_ERRAPP,   // 2>>
    T_ERROUT,   // 2>&1
    T_END,      // end of the line (or a comment)
};

// A reader of text that writes words into a buffer: the lexer of
// sh_parse and the expander of sh_expand.
struct scan {
    const char *p;          // next character of the text
    char *buf;              // where words go (SH_BUF bytes)
    size_t *used;           // bytes of buf in use
    sh_lookup_fn lookup;    // variable values (expander only)
    void *ctx;              // for lookup
    const char *err;        // the first error, or NULL
};

// Append c to the word being built; records an error when the buffer is full.
static void put(struct scan *sc, char c)
{
    if (*sc->used >= SH_BUF) {
        sc->err = "line too long";
        return;
    }
    sc->buf[(*sc->used)++] = c;
}

// Is c a character that ends an unquoted word?
static bool word_end(char c)
{
    return c == '\0' || c == '\n' || c == ' ' || c == '\t' || c == '|' || c == '&' ||
           c == ';' || c == '<' || c == '>';
}

// Is c allowed in a variable name (digits only after the first)?
static bool name_char(char c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

// Is c a one-character special parameter ($? $$ $# $! $0..$9)?
static bool special_char(char c)
{
    return c == '?' || c == '$' || c == '#' || c == '!' || (c >= '0' && c <= '9');
}

// The ones a backslash escapes inside double quotes.
static bool dquote_escape(char c)
{
    return c == '"' || c == '\\' || c == '$' || c == '`';
}

// Lexer: copy the rest of a variable reference at sc->p (just after a
// '$' already copied) so that it stays one piece of its word: "{name}"
// or one special character. Checks the braces.
static void copy_reference(struct scan *sc)
{
    if (*sc->p == '{') {
        const char *close = strchr(sc->p, '}');
        if (close == NULL) {
            sc->err = "missing '}'";
            return;
        }
        if (close == sc->p + 1) {
            sc->err = "bad substitution";
            return;
        }
        while (sc->p <= close)
            put(sc, *sc->p++);
    } else if (special_char(*sc->p)) {
        put(sc, *sc->p++);
    }
}

// Lexer: copy one word at sc->p into the buffer as written, checking its
// quotes; NUL-terminates it.
static void copy_word(struct scan *sc)
{
    while (!sc->err && !word_end(*sc->p)) {
        char c = *sc->p++;
        put(sc, c);
        if (c == '\'') {
            while (*sc->p && *sc->p != '\'')
                put(sc, *sc->p++);
            if (*sc->p != '\'') {
                sc->err = "unterminated quote";
                return;
            }
            put(sc, *sc->p++);
        } else if (c == '"') {
            while (*sc->p && *sc->p != '"' && !sc->err) {
                char d = *sc->p++;
                put(sc, d);
                if (d == '\\' && dquote_escape(*sc->p))
                    put(sc, *sc->p++);
                else if (d == '$')
                    copy_reference(sc);
            }
            if (sc->err)
                return;
            if (*sc->p != '"') {
                sc->err = "unterminated quote";
                return;
            }
            put(sc, *sc->p++);
        } else if (c == '\\') {
            if (*sc->p && *sc->p != '\n')
                put(sc, *sc->p++);
        } else if (c == '$') {
            copy_reference(sc);
        }
    }
    put(sc, '\0');
}

// Expander: substitute the variable reference at sc->p (just after a
// '$') into the word. A '$' followed by nothing that names a variable
// stays a '$'. Returns the number of bytes produced.
static size_t substitute(struct scan *sc)
{
    const char *name = sc->p;
    size_t len = 0;
    if (*sc->p == '{') {
        const char *close = strchr(sc->p, '}');   // the lexer checked it is there
        name = sc->p + 1;
        len = (size_t)(close - name);
        sc->p = close + 1;
    } else if (special_char(*sc->p)) {
        len = 1;
        sc->p++;
    } else if (name_char(*sc->p, true)) {
        while (name_char(sc->p[len], len == 0))
            len++;
        sc->p += len;
    } else {
        put(sc, '$');
        return 1;
    }
    const char *v = sc->lookup ? sc->lookup(sc->ctx, name, len) : NULL;
    size_t n = 0;
    for (; v && v[n]; n++)
        put(sc, v[n]);
    return n;
}

// Expander: unquote and expand the word word (as the lexer copied it)
// into the buffer, NUL-terminated. Returns its text, or NULL when it was
// unquoted and produced nothing (the caller drops it) or on error.
static char *expand_word(struct scan *sc, const char *word)
{
    size_t start = *sc->used;
    bool quoted = false;
    size_t produced = 0;
    sc->p = word;
    while (!sc->err && *sc->p) {
        char c = *sc->p++;
        if (c == '\'') {
            quoted = true;
            while (*sc->p != '\'')
                put(sc, *sc->p++);
            sc->p++;
        } else if (c == '"') {
            quoted = true;
            while (*sc->p != '"' && !sc->err) {
                char d = *sc->p++;
                if (d == '\\' && dquote_escape(*sc->p))
                    put(sc, *sc->p++);
                else if (d == '$')
                    substitute(sc);
                else
                    put(sc, d);
            }
            sc->p++;
        } else if (c == '\\') {
            if (*sc->p) {
                put(sc, *sc->p++);
                produced++;
            }
        } else if (c == '$') {
            produced += substitute(sc);
        } else {
            put(sc, c);
            produced++;
        }
    }
    put(sc, '\0');
    if (sc->err || (!quoted && produced == 0)) {
        *sc->used = start;
        return NULL;
    }
    return sc->buf + start;
}

// The next token of the line; a word's text is left at *word.
static enum tok next(struct scan *sc, char **word)
{
    while (*sc->p == ' ' || *sc->p == '\t')
        sc->p++;
    char c = *sc->p;
    switch (c) {
    case '\0':
    case '\n':
    case '#':
        return T_END;
    case '|': sc->p++; return T_PIPE;
    case '&': sc->p++; return T_AMP;
    case ';': sc->p++; return T_SEMI;
    case '<': sc->p++; return T_IN;
    case '>':
        sc->p++;
        if (*sc->p == '>') {
            sc->p++;
            return T_APPEND;
        }
        return T_OUT;
    case '2':
        if (sc->p[1] == '>') {
            if (strncmp(sc->p, "2>&1", 4) == 0) {
                sc->p += 4;
                return T_ERROUT;
            }
            if (sc->p[2] == '>') {
                sc->p += 3;
                return T_ERRAPP;
            }
            sc->p += 2;
            return T_ERR;
        }
        break;
    default:
        break;
    }
    *word = sc->buf + *sc->used;
    copy_word(sc);
    return T_WORD;
}

// The text of a token for error messages.
static const char *tok_text(enum tok t)
{
    static const char *const text[] = {
        [T_WORD] = "word", [T_PIPE] = "|", [T_AMP] = "&", [T_SEMI] = ";", [T_IN] = "<",
        [T_OUT] = ">", [T_APPEND] = ">>", [T_ERR] = "2>", [T_ERRAPP] = "2>>",
        [T_ERROUT] = "2>&1", [T_END] = "end of line",
    };
    return text[t];
}

// Syntax error near token t.
static void syntax(struct scan *sc, enum tok t)
{
    static char msg[40];
    if (sc->err)
        return;
    strcpy(msg, "syntax error near '");
    strcat(msg, tok_text(t));
    strcat(msg, "'");
    sc->err = msg;
}

// The command being built in l, starting a job and a command when
// needed; NULL (with an error) when the line has too many.
static struct sh_cmd *current(struct scan *sc, struct sh_line *l, struct sh_job **job,
                              struct sh_cmd **cmd)
{
    if (*job == NULL) {
        if (l->njobs >= SH_MAX_JOBS) {
            sc->err = "too many commands";
            return NULL;
        }
        *job = &l->jobs[l->njobs++];
        (*job)->first = l->ncmds;
        (*job)->count = 0;
        (*job)->background = false;
    }
    if (*cmd == NULL) {
        if (l->ncmds >= SH_MAX_CMDS) {
            sc->err = "too many commands";
            return NULL;
        }
        *cmd = &l->cmds[l->ncmds++];
        memset(*cmd, 0, sizeof(**cmd));
        (*job)->count++;
    }
    return *cmd;
}

// Parse a redirection t of command c: read its file name.
static void parse_redirection(struct scan *sc, enum tok t, struct sh_cmd *c)
{
    char *word = NULL;
    enum tok w = next(sc, &word);
    if (sc->err)
        return;
    if (w != T_WORD) {
        syntax(sc, w);
        return;
    }
    if (t == T_IN) {
        c->in = word;
    } else if (t == T_OUT || t == T_APPEND) {
        c->out = word;
        c->append = t == T_APPEND;
    } else {
        c->err = word;
        c->err_append = t == T_ERRAPP;
        c->err_to_out = false;
    }
}

int sh_parse(const char *line, struct sh_line *out, const char **err)
{
    out->njobs = 0;
    out->ncmds = 0;
    out->used = 0;
    struct scan sc = { line, out->buf, &out->used, NULL, NULL, NULL };
    struct sh_job *job = NULL;
    struct sh_cmd *cmd = NULL;
    bool pipe_pending = false;   // a '|' waits for its right-hand command
    while (!sc.err) {
        char *word = NULL;
        enum tok t = next(&sc, &word);
        if (sc.err)
            break;
        if (t == T_WORD) {
            struct sh_cmd *c = current(&sc, out, &job, &cmd);
            if (c == NULL)
                break;
            if (c->argc >= SH_MAX_ARGS) {
                sc.err = "too many arguments";
                break;
            }
            c->argv[c->argc++] = word;
            c->argv[c->argc] = NULL;
            pipe_pending = false;
        } else if (t == T_ERROUT) {
            struct sh_cmd *c = current(&sc, out, &job, &cmd);
            if (c == NULL)
                break;
            c->err_to_out = true;
            c->err = NULL;
            pipe_pending = false;
        } else if (t == T_IN || t == T_OUT || t == T_APPEND || t == T_ERR || t == T_ERRAPP) {
            struct sh_cmd *c = current(&sc, out, &job, &cmd);
            if (c == NULL)
                break;
            parse_redirection(&sc, t, c);
            pipe_pending = false;
        } else if (t == T_PIPE) {
            if (cmd == NULL) {
                syntax(&sc, t);
                break;
            }
            cmd = NULL;
            pipe_pending = true;
        } else {   // T_AMP, T_SEMI, T_END
            if (pipe_pending || (job == NULL && t != T_END)) {
                syntax(&sc, t);
                break;
            }
            if (job && t == T_AMP)
                job->background = true;
            job = NULL;
            cmd = NULL;
            if (t == T_END)
                break;
        }
    }
    if (sc.err) {
        if (err)
            *err = sc.err;
        out->njobs = 0;
        out->ncmds = 0;
        return -1;
    }
    return 0;
}

// Expand the file name of a redirection into *dst (left NULL if there is none).
static void expand_target(struct scan *sc, const char *word, char **dst)
{
    *dst = NULL;
    if (word == NULL || sc->err)
        return;
    *dst = expand_word(sc, word);
    if (*dst == NULL && !sc->err)
        sc->err = "ambiguous redirect";
}

int sh_expand(const struct sh_line *l, int job, struct sh_pipeline *out, sh_lookup_fn lookup,
              void *ctx, const char **err)
{
    const struct sh_job *j = &l->jobs[job];
    out->count = j->count;
    out->background = j->background;
    out->used = 0;
    struct scan sc = { NULL, out->buf, &out->used, lookup, ctx, NULL };
    for (int i = 0; i < j->count && !sc.err; i++) {
        const struct sh_cmd *from = &l->cmds[j->first + i];
        struct sh_cmd *to = &out->cmds[i];
        memset(to, 0, sizeof(*to));
        for (int a = 0; a < from->argc && !sc.err; a++) {
            char *w = expand_word(&sc, from->argv[a]);
            if (w)
                to->argv[to->argc++] = w;
        }
        to->argv[to->argc] = NULL;
        expand_target(&sc, from->in, &to->in);
        expand_target(&sc, from->out, &to->out);
        expand_target(&sc, from->err, &to->err);
        to->append = from->append;
        to->err_append = from->err_append;
        to->err_to_out = from->err_to_out;
    }
    if (sc.err) {
        if (err)
            *err = sc.err;
        out->count = 0;
        return -1;
    }
    return 0;
}
