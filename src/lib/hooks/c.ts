import { cString } from './literals';
import { type EventRule, type ListKind, type Policy } from './policy';
import { ARGUMENT_LIMIT, PATH_ARGUMENTS } from './python';
import { hookSummary, type HookContext } from './summary';

/**
 * The builder's C output, for a program that embeds Python: one file it compiles in, whose
 * `audit_policy_install()` adds the hook with `PySys_AddAuditHook`. It follows the Python output of
 * the same policy step by step (the same table of events, the same four matchers, the same report
 * lines and denial messages), in C that CPython 3.8's headers already compile.
 */

const ACTION_NAMES: Readonly<Record<EventRule['action'], string>> = { log: 'ACTION_LOG', deny: 'ACTION_DENY', unless: 'ACTION_UNLESS' };
const LIST_NAMES: Readonly<Record<ListKind, string>> = { paths: 'LIST_PATHS', hosts: 'LIST_HOSTS', programs: 'LIST_PROGRAMS', modules: 'LIST_MODULES' };

/** The generated C for a policy whose events `rules` lists (see `resolvePolicy`). */
export function cHook(policy: Policy, rules: readonly EventRule[], context: HookContext): string {
  const summary = hookSummary(policy, rules, context);
  const differences = [
    'Where it differs from the Python output of the same policy, which it otherwise follows step by',
    'step:',
    '  - a denied event fails with PermissionError itself, not the subclass AuditPolicyError;',
    ...(policy.output === 'logging'
      ? [
          '  - this policy chose the logging module, but this file writes its reports to sys.stderr (to',
          '    the standard error of the process where there is none yet), as "audit policy: ..." lines:',
          '    a C hook cannot count on logging being imported, or set up, when events arrive;',
        ]
      : []),
    '  - wildcards are matched by fnmatch(3) in a UTF-8 locale; an entry with a [...] that begins',
    "    with ^ or holds a POSIX class ([:digit:]) matches nothing, as fnmatch(3) reads those otherwise",
    "    than Python's fnmatch, and so does a name holding a lone surrogate (an undecodable file name);",
    '  - allow-list entries are stored as UTF-8: a lone surrogate typed in one became U+FFFD;',
    "  - a URL's host and port are read as the newest urllib.parse.urlsplit reads them: what older",
    '    releases also take (ports such as +80, text around an [IPv6] host, an IPv4 address in',
    '    brackets) is refused here, and so is a URL whose host is not ASCII.',
  ];
  // The comment holds no visitor text: allow-list entries appear only as C literals below.
  const comment = [
    `An audit hook policy for CPython ${context.versions}, written by the Audit Events hook builder, in C`,
    'for a program that embeds Python.',
    '',
    `Rebuild or share it: ${commentUrl(context.url)}`,
    'Compile it into the program with the flags python3-config --cflags gives, and call',
    'audit_policy_install() once. Called after Py_Initialize(), the hook sees only what runs after',
    'that, as the Python output in sitecustomize.py does. Called before, it sees the interpreter start',
    'too: the files it opens to find its library (pyvenv.cfg, pybuilddir.txt beside the program), the',
    'imports of encodings and site; a policy that refuses any of those makes Py_Initialize() fail.',
    'Either way the hook cannot be removed, and it sees every interpreter of the process, as any hook',
    'that PySys_AddAuditHook adds does. The file is for POSIX systems (it matches wildcards with',
    'fnmatch(3)) and needs C11 (_Thread_local).',
    '',
    ...summary.covered,
    '',
    ...summary.limits,
    '',
    ...differences,
    ...(summary.caveats.length > 0 ? ['', ...summary.caveats] : []),
  ];
  const sorted = [...rules].sort((a, b) => byteOrder(a.event, b.event));
  const ruleLines = sorted.map((rule) => {
    const shapes = rule.shapes.map((shape) => `{${shape.args.length}, ${shape.args.length === 0 ? 'NULL' : `(const char *const[]){${shape.args.map(cString).join(', ')}}`}}`);
    const list = rule.list ? LIST_NAMES[rule.list] : 'LIST_NONE';
    return `    {${cString(rule.event)}, ${ACTION_NAMES[rule.action]}, ${list}, ${shapes.length}, ${shapes.length === 0 ? 'NULL' : `(const struct shape[]){${shapes.join(', ')}}`}},`;
  });
  const allow = (kind: ListKind) => [`static const struct text allow_${kind}[] = {`, ...policy.allow[kind].map((entry) => `    TEXT(${cString(entry)}),`), '    {NULL, 0}', '};'];
  return [
    '/*',
    ...comment.map((line) => (line === '' ? ' *' : ` * ${commentLine(line)}`)),
    ' */',
    C_HEAD,
    `#define REPORT_ONLY ${policy.reportOnly ? 1 : 0}`,
    `#define ARGUMENT_LIMIT ${ARGUMENT_LIMIT}`,
    '',
    '/* Event -> action, allow-list, argument names by the length of the args tuple; sorted for bsearch. */',
    'static const struct rule rules[] = {',
    ...ruleLines,
    '    {NULL, ACTION_LOG, LIST_NONE, 0, NULL}',
    '};',
    '',
    '/* What "deny unless" lets through, as typed in the builder, in UTF-8; each ends at {NULL, 0}. */',
    ...allow('paths'),
    ...allow('hosts'),
    ...allow('programs'),
    ...allow('modules'),
    '',
    '/* The arguments the paths allow-list checks. */',
    `static const char *const path_arguments[] = {${PATH_ARGUMENTS.map(cString).join(', ')}, NULL};`,
    C_BODY,
  ].join('\n');
}

const encoder = new TextEncoder();

// strcmp's order, for bsearch: by UTF-8 bytes.
function byteOrder(a: string, b: string): number {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  for (let at = 0; at < Math.min(left.length, right.length); at++) if (left[at] !== right[at]) return (left[at] ?? 0) - (right[at] ?? 0);
  return left.length - right.length;
}

// A line of the leading comment: nothing in it may end the comment or open another (`*/`, `/*`),
// form a trigraph (`??/` at a line's end splices lines, and -Wtrigraphs says so), or splice lines.
function commentLine(text: string): string {
  let line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trimEnd();
  while (/\*\/|\/\*|\?\?/.test(line)) line = line.replace(/\*\//g, '* /').replace(/\/\*/g, '/ *').replace(/\?\?/g, '? ?');
  return line.endsWith('\\') ? `${line}.` : line;
}

// The policy's address in the comment: characters a URL may hold as they are, any other
// (`*`, `\`, spaces, quotes, non-ASCII) percent-encoded, and no `??`.
function commentUrl(url: string): string {
  let out = '';
  for (const byte of encoder.encode(url)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~:/?#[\]@!$&'()+,;=%]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  while (out.includes('??')) out = out.replace('??', '?%3F');
  return out;
}

// Everything before the tables: includes and the types the tables are made of.
const C_HEAD = String.raw`#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fnmatch.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum action { ACTION_LOG, ACTION_DENY, ACTION_UNLESS };
enum list { LIST_NONE, LIST_PATHS, LIST_HOSTS, LIST_PROGRAMS, LIST_MODULES };

/* Bytes and their length: an entry may hold NUL, so no length here comes from strlen. */
struct text {
    const char *bytes;
    size_t size;
};
#define TEXT(literal) { literal, sizeof(literal) - 1 }

/* The argument names of an args tuple of one length. */
struct shape {
    Py_ssize_t length;
    const char *const *names;
};

struct rule {
    const char *event;
    enum action action;
    enum list list;
    size_t shape_count;
    const struct shape *shapes;
};
`;

// The part of every generated hook that does not depend on the choices: matching and reporting,
// as the Python output's functions of the same names do it.
const C_BODY = String.raw`
#define RULE_COUNT (sizeof rules / sizeof rules[0] - 1)

/* Set while the hook reports: events that writing a report raises pass unseen. */
static _Thread_local int busy;

/* A UTF-8 LC_CTYPE for fnmatch(3), so that ? and [...] take a character, not a byte. */
static locale_t utf8_locale;

static int compare_rule(const void *event, const void *rule)
{
    return strcmp((const char *)event, ((const struct rule *)rule)->event);
}

/* A str as UTF-8 bytes, lone surrogates kept, so that texts compare as their bytes do. */
static PyObject *utf8_of(PyObject *text)
{
    return PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
}

/* utf8_of, taking the caller's reference to text (NULL, as from a failed call, gives NULL). */
static PyObject *utf8_from(PyObject *text)
{
    PyObject *bytes;
    if (text == NULL)
        return NULL;
    bytes = utf8_of(text);
    Py_DECREF(text);
    return bytes;
}

/* _described: event + " " + repr(args), the repr cut at ARGUMENT_LIMIT characters. */
static PyObject *described(const char *prefix, const char *event, PyObject *args)
{
    PyObject *text = PyObject_Repr(args), *cut, *message;
    if (text == NULL)
        return NULL;
    if (PyUnicode_GET_LENGTH(text) <= ARGUMENT_LIMIT) {
        message = PyUnicode_FromFormat("%s%s %U", prefix, event, text);
    } else {
        cut = PyUnicode_Substring(text, 0, ARGUMENT_LIMIT);
        message = cut == NULL ? NULL : PyUnicode_FromFormat("%s%s %U...", prefix, event, cut);
        Py_XDECREF(cut);
    }
    Py_DECREF(text);
    return message;
}

/* The argument of that name (borrowed), or NULL where the tuple has none: dict(zip(names, args)).get. */
static PyObject *named(const struct shape *shape, PyObject *args, const char *name)
{
    Py_ssize_t at;
    for (at = shape->length - 1; at >= 0; at--)
        if (strcmp(shape->names[at], name) == 0)
            return PyTuple_GET_ITEM(args, at);
    return NULL;
}

static int ends_with(const char *text, const char *end)
{
    size_t size = strlen(text), end_size = strlen(end);
    return size >= end_size && strcmp(text + size - end_size, end) == 0;
}

/* isinstance(value, os.PathLike): its type has an __fspath__ that is not None. */
static int is_path_like(PyObject *value)
{
    PyObject *method = PyObject_GetAttrString((PyObject *)Py_TYPE(value), "__fspath__");
    int found;
    if (method == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
        return 0;
    }
    found = method != Py_None;
    Py_DECREF(method);
    return found;
}

/* _as_text: str, bytes and os.PathLike as os.fsdecode(os.fspath(value)) in *text (1); 0 for any other value. */
static int as_text(PyObject *value, PyObject **text)
{
    PyObject *path;
    int path_like;
    *text = NULL;
    if (value == NULL)
        return 0;
    if (!PyUnicode_Check(value) && !PyBytes_Check(value)) {
        path_like = is_path_like(value);
        if (path_like <= 0)
            return path_like;
    }
    path = PyOS_FSPath(value);
    if (path == NULL)
        return -1;
    if (PyBytes_Check(path)) {
        *text = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path), PyBytes_GET_SIZE(path));
        Py_DECREF(path);
        return *text == NULL ? -1 : 1;
    }
    *text = path;
    return 1;
}

/* Whether fnmatch(3) reads the pattern as Python's fnmatch does: not where a [...] (found by
   Python's rules) begins with ^ or holds [: [= [. (negation and POSIX classes to fnmatch(3),
   plain characters to Python). */
static int same_in_posix(const char *pattern, size_t size)
{
    size_t at, end, inner;
    for (at = 0; at < size; at++) {
        if (pattern[at] != '[')
            continue;
        end = at + 1;
        if (end < size && pattern[end] == '!')
            end++;
        if (end < size && pattern[end] == ']')
            end++;
        while (end < size && pattern[end] != ']')
            end++;
        if (end >= size)
            continue;
        if (pattern[at + 1] == '^')
            return 0;
        for (inner = at + 1; inner + 1 < end; inner++)
            if (pattern[inner] == '[' && strchr(":=.", pattern[inner + 1]) != NULL && pattern[inner + 1] != '\0')
                return 0;
        at = end;
    }
    return 1;
}

/* fnmatch.fnmatchcase(name, pattern), by fnmatch(3): 1 or 0, -1 with an exception set. */
static int wildcard(const char *name, size_t name_size, const char *pattern, size_t pattern_size)
{
    char *copy, stand_in = 0;
    size_t at, size = pattern_size + 1 + name_size;
    int result;
    locale_t previous = (locale_t)0;
    if (!same_in_posix(pattern, pattern_size))
        return 0;
    /* fnmatch(3) stops at a NUL: it becomes a control character that neither text holds. */
    if (memchr(name, 0, name_size) != NULL || memchr(pattern, 0, pattern_size) != NULL) {
        for (at = 1; at < 0x20 && stand_in == 0; at++)
            if (memchr(name, (int)at, name_size) == NULL && memchr(pattern, (int)at, pattern_size) == NULL)
                stand_in = (char)at;
        if (stand_in == 0)
            return 0;
    }
    copy = PyMem_Malloc(size + 1);
    if (copy == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(copy, pattern, pattern_size);
    copy[pattern_size] = '\0';
    memcpy(copy + pattern_size + 1, name, name_size);
    copy[size] = '\0';
    if (stand_in != 0)
        for (at = 0; at < size; at++)
            if (copy[at] == '\0' && at != pattern_size)
                copy[at] = stand_in;
    if (utf8_locale != (locale_t)0)
        previous = uselocale(utf8_locale);
    result = fnmatch(copy, copy + pattern_size + 1, FNM_NOESCAPE);
    if (utf8_locale != (locale_t)0)
        uselocale(previous);
    PyMem_Free(copy);
    return result == 0;
}

static int wildcard_bytes(PyObject *name, const char *pattern, size_t pattern_size)
{
    return wildcard(PyBytes_AS_STRING(name), (size_t)PyBytes_GET_SIZE(name), pattern, pattern_size);
}

/* os.path.basename of UTF-8 bytes: its length, from name + *start. */
static size_t basename_of(const char *name, size_t size, size_t *start)
{
    size_t at = size;
    while (at > 0 && name[at - 1] != '/')
        at--;
    *start = at;
    return size - at;
}

/* posixpath.normpath of size bytes into out (size + 2 bytes at least): the length written. */
static size_t normpath(const char *path, size_t size, char *out)
{
    size_t initial = 0, length, at = 0, start, part, depth = 0, last;
    if (size == 0) {
        out[0] = '.';
        return 1;
    }
    if (path[0] == '/')
        initial = size > 1 && path[1] == '/' && !(size > 2 && path[2] == '/') ? 2 : 1;
    memset(out, '/', initial);
    length = initial;
    while (at < size) {
        start = at;
        while (at < size && path[at] != '/')
            at++;
        part = at - start;
        at++;
        if (part == 0 || (part == 1 && path[start] == '.'))
            continue;
        if (part == 2 && path[start] == '.' && path[start + 1] == '.') {
            last = length;
            while (last > initial && out[last - 1] != '/')
                last--;
            if (depth > 0 && !(length - last == 2 && out[last] == '.' && out[last + 1] == '.')) {
                length = last > initial ? last - 1 : initial;
                depth--;
                continue;
            }
            if (initial && depth == 0)
                continue;
        }
        if (depth > 0)
            out[length++] = '/';
        memcpy(out + length, path + start, part);
        length += part;
        depth++;
    }
    if (length == 0)
        out[length++] = '.';
    return length;
}

static PyObject *normalised(const char *path, size_t size)
{
    char *out = PyMem_Malloc(size + 2);
    PyObject *result;
    if (out == NULL)
        return PyErr_NoMemory();
    result = PyBytes_FromStringAndSize(out, (Py_ssize_t)normpath(path, size, out));
    PyMem_Free(out);
    return result;
}

/* os.getcwd() as UTF-8 bytes. */
static PyObject *current_directory(void)
{
    size_t size = 256;
    char *buffer;
    PyObject *text;
    for (;;) {
        buffer = PyMem_Malloc(size);
        if (buffer == NULL)
            return PyErr_NoMemory();
        if (getcwd(buffer, size) != NULL)
            break;
        PyMem_Free(buffer);
        if (errno != ERANGE)
            return PyErr_SetFromErrno(PyExc_OSError);
        size *= 2;
    }
    text = PyUnicode_DecodeFSDefault(buffer);
    PyMem_Free(buffer);
    return utf8_from(text);
}

/* os.path.normpath(os.path.abspath(path)) as UTF-8 bytes. */
static PyObject *absolute(const char *path, size_t size)
{
    PyObject *folder, *result;
    char *joined;
    size_t folder_size, at;
    if (size > 0 && path[0] == '/')
        return normalised(path, size);
    folder = current_directory();
    if (folder == NULL)
        return NULL;
    folder_size = (size_t)PyBytes_GET_SIZE(folder);
    joined = PyMem_Malloc(folder_size + size + 2);
    if (joined == NULL) {
        Py_DECREF(folder);
        return PyErr_NoMemory();
    }
    memcpy(joined, PyBytes_AS_STRING(folder), folder_size);
    at = folder_size;
    if (at > 0 && joined[at - 1] != '/')
        joined[at++] = '/';
    memcpy(joined + at, path, size);
    result = normalised(joined, at + size);
    PyMem_Free(joined);
    Py_DECREF(folder);
    return result;
}

/* _under: the path (made absolute once, in *path_absolute) is the folder or lies under it. */
static int under(PyObject *path, PyObject **path_absolute, const struct text *folder)
{
    PyObject *prefix = absolute(folder->bytes, folder->size);
    const char *p, *f;
    size_t p_size, f_size;
    int result;
    if (prefix == NULL)
        return -1;
    if (*path_absolute == NULL) {
        *path_absolute = absolute(PyBytes_AS_STRING(path), (size_t)PyBytes_GET_SIZE(path));
        if (*path_absolute == NULL) {
            Py_DECREF(prefix);
            return -1;
        }
    }
    p = PyBytes_AS_STRING(*path_absolute);
    p_size = (size_t)PyBytes_GET_SIZE(*path_absolute);
    f = PyBytes_AS_STRING(prefix);
    f_size = (size_t)PyBytes_GET_SIZE(prefix);
    if (p_size == f_size && memcmp(p, f, f_size) == 0) {
        result = 1;
    } else {
        while (f_size > 0 && f[f_size - 1] == '/')
            f_size--;
        result = p_size > f_size && memcmp(p, f, f_size) == 0 && p[f_size] == '/';
    }
    Py_DECREF(prefix);
    return result;
}

static int path_allowed(PyObject *path, int relative_to_fd)
{
    PyObject *path_absolute = NULL;
    const struct text *folder;
    int result = 0;
    if (relative_to_fd && (PyBytes_GET_SIZE(path) == 0 || PyBytes_AS_STRING(path)[0] != '/'))
        return 0;
    for (folder = allow_paths; folder->bytes != NULL && result == 0; folder++)
        result = under(path, &path_absolute, folder);
    Py_XDECREF(path_absolute);
    return result;
}

/* _paths_allowed: every path the event names lies under an allowed folder; descriptors and None pass. */
static int paths_allowed(const struct shape *shape, PyObject *args)
{
    PyObject *zero, *value, *text, *bytes;
    const char *const *name;
    Py_ssize_t at;
    int relative_to_fd = 0, result;
    zero = PyLong_FromLong(0);
    if (zero == NULL)
        return -1;
    for (at = 0; at < shape->length && !relative_to_fd; at++) {
        value = PyTuple_GET_ITEM(args, at);
        if (!PyLong_Check(value))
            continue;
        result = PyObject_RichCompareBool(value, zero, Py_GE);
        if (result < 0) {
            Py_DECREF(zero);
            return -1;
        }
        relative_to_fd = result && ends_with(shape->names[at], "dir_fd");
    }
    Py_DECREF(zero);
    for (at = 0; at < shape->length; at++) {
        for (name = path_arguments; *name != NULL && strcmp(*name, shape->names[at]) != 0; name++)
            ;
        if (*name == NULL)
            continue;
        result = as_text(PyTuple_GET_ITEM(args, at), &text);
        if (result <= 0) {
            if (result < 0)
                return -1;
            continue;
        }
        bytes = utf8_from(text);
        if (bytes == NULL)
            return -1;
        result = path_allowed(bytes, relative_to_fd);
        Py_DECREF(bytes);
        if (result <= 0)
            return result;
    }
    return 1;
}

static int hex_digit(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* ipaddress.IPv4Address's syntax: four decimal octets up to 255, without leading zeros. */
static int ipv4_address(const char *s, size_t size)
{
    size_t at = 0, start, octets = 0, value;
    for (;;) {
        start = at;
        value = 0;
        while (at < size && s[at] >= '0' && s[at] <= '9' && at - start < 4)
            value = value * 10 + (size_t)(s[at++] - '0');
        if (at == start || at - start > 3 || value > 255 || (s[start] == '0' && at - start > 1))
            return 0;
        octets++;
        if (at == size)
            return octets == 4;
        if (s[at] != '.' || octets == 4)
            return 0;
        at++;
    }
}

/* ipaddress.IPv6Address's syntax, a %zone included: eight hextets, one "::" for a run of them,
   the last two as an IPv4 address if need be. */
static int ipv6_address(const char *s, size_t size)
{
    const char *zone = memchr(s, '%', size);
    size_t start[10], length[10], count = 0, own, total, at, from = 0, skip = 0, high, low, digit;
    if (zone != NULL) {
        if ((size_t)(zone - s) + 1 == size || memchr(zone + 1, '%', size - (size_t)(zone - s) - 1) != NULL)
            return 0;
        size = (size_t)(zone - s);
    }
    for (at = 0; at <= size; at++) {
        if (at < size && s[at] != ':')
            continue;
        if (count == 10)
            return 0;
        start[count] = from;
        length[count++] = at - from;
        from = at + 1;
    }
    if (count < 3)
        return 0;
    /* The parts as written; an IPv4 address at the end stands for two good hextets. */
    own = count;
    if (memchr(s + start[count - 1], '.', length[count - 1]) != NULL) {
        if (!ipv4_address(s + start[count - 1], length[count - 1]))
            return 0;
        own = count - 1;
    }
    total = own == count ? count : count + 1;
#define EMPTY(i) ((i) < own && length[i] == 0)
    if (total > 9)
        return 0;
    for (at = 1; at + 1 < total; at++) {
        if (!EMPTY(at))
            continue;
        if (skip != 0)
            return 0;
        skip = at;
    }
    if (skip != 0) {
        high = skip;
        low = total - skip - 1;
        if (EMPTY(0) && --high != 0)
            return 0;
        if (EMPTY(total - 1) && --low != 0)
            return 0;
        if (high + low > 7)
            return 0;
    } else {
        if (total != 8 || EMPTY(0) || EMPTY(total - 1))
            return 0;
        high = total;
        low = 0;
    }
#undef EMPTY
    for (at = 0; at < own; at++) {
        if (at >= high && at < total - low)
            continue;
        if (length[at] == 0 || length[at] > 4)
            return 0;
        for (digit = 0; digit < length[at]; digit++)
            if (!hex_digit(s[start[at] + digit]))
                return 0;
    }
    return 1;
}

/* What urlsplit accepts between "[" and "]": an IPvFuture (v1.x) or an IPv6 address. */
static int bracketed_host(const char *s, size_t size)
{
    size_t at = 1;
    if (size == 0 || s[0] != 'v')
        return ipv6_address(s, size);
    while (at < size && hex_digit(s[at]))
        at++;
    return at > 1 && at + 1 < size && s[at] == '.';
}

/* The host and port of a URL as urlsplit reads them (with the scheme's port where asked): 1, or -1. */
static int url_endpoint(PyObject *url, int scheme_port, PyObject **host, PyObject **port)
{
    PyObject *bytes = utf8_of(url);
    const char *s, *end, *colon, *netloc, *netloc_end, *hostinfo, *name, *name_end, *digits = NULL, *digits_end = NULL, *c;
    char *clean;
    size_t size = 0, at, scheme_size = 0;
    char scheme[6];
    long number = 0;
    int result = -1;
    *host = *port = NULL;
    if (bytes == NULL)
        return -1;
    s = PyBytes_AS_STRING(bytes);
    end = s + PyBytes_GET_SIZE(bytes);
    clean = PyMem_Malloc((size_t)(end - s) + 1);
    if (clean == NULL) {
        Py_DECREF(bytes);
        PyErr_NoMemory();
        return -1;
    }
    /* Leading C0 controls and spaces go, and tabs and newlines anywhere. */
    while (s < end && (unsigned char)*s <= 0x20)
        s++;
    for (; s < end; s++)
        if (*s != '\t' && *s != '\r' && *s != '\n')
            clean[size++] = *s;
    Py_DECREF(bytes);
    s = clean;
    end = clean + size;
    colon = memchr(s, ':', size);
    if (colon != NULL && colon > s && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) {
        for (c = s; c < colon && (((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') || (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.'); c++)
            ;
        if (c == colon) {
            for (at = 0; at < sizeof scheme - 1 && s + at < colon; at++)
                scheme[at] = (char)(s[at] | 0x20);
            scheme_size = s + at == colon ? at : 0;
            s = colon + 1;
        }
    }
    scheme[scheme_size] = '\0';
    netloc = netloc_end = s;
    if (end - s >= 2 && s[0] == '/' && s[1] == '/') {
        netloc = netloc_end = s + 2;
        while (netloc_end < end && *netloc_end != '/' && *netloc_end != '?' && *netloc_end != '#')
            netloc_end++;
    }
    for (c = netloc; c < netloc_end && !(*c & 0x80); c++)
        ;
    if (c < netloc_end) {
        PyErr_SetString(PyExc_ValueError, "a URL whose host is not ASCII is refused");
        goto done;
    }
    if ((memchr(netloc, '[', (size_t)(netloc_end - netloc)) == NULL) != (memchr(netloc, ']', (size_t)(netloc_end - netloc)) == NULL)) {
        PyErr_SetString(PyExc_ValueError, "Invalid IPv6 URL");
        goto done;
    }
    hostinfo = netloc_end;
    while (hostinfo > netloc && hostinfo[-1] != '@')
        hostinfo--;
    name = memchr(hostinfo, '[', (size_t)(netloc_end - hostinfo));
    if (name != NULL) {
        if (name != hostinfo) {
            PyErr_SetString(PyExc_ValueError, "Invalid IPv6 URL");
            goto done;
        }
        name++;
        name_end = memchr(name, ']', (size_t)(netloc_end - name));
        if (name_end == NULL)
            name_end = netloc_end;
        /* As the newest urlsplit: nothing between user info and "[", only a port after "]", and an
           IPv6 address or an IPvFuture between them. */
        if (!bracketed_host(name, (size_t)(name_end - name)) || (name_end < netloc_end && name_end + 1 < netloc_end && name_end[1] != ':')) {
            PyErr_SetString(PyExc_ValueError, "Invalid IPv6 URL");
            goto done;
        }
        c = name_end < netloc_end ? memchr(name_end, ':', (size_t)(netloc_end - name_end)) : NULL;
    } else {
        name = hostinfo;
        c = memchr(hostinfo, ':', (size_t)(netloc_end - hostinfo));
        name_end = c != NULL ? c : netloc_end;
    }
    if (c != NULL && c + 1 < netloc_end) {
        digits = c + 1;
        digits_end = netloc_end;
    }
    if (digits != NULL) {
        for (c = digits; c < digits_end && *c >= '0' && *c <= '9' && number <= 65535; c++)
            number = number * 10 + (*c - '0');
        if (c < digits_end || number > 65535) {
            PyErr_SetString(PyExc_ValueError, "a URL whose port is not plain digits up to 65535 is refused");
            goto done;
        }
    }
    *host = PyUnicode_DecodeUTF8(name, name_end - name, "surrogatepass");
    if (*host == NULL)
        goto done;
    if (scheme_port && number == 0) {
        if (strcmp(scheme, "http") == 0)
            number = 80;
        else if (strcmp(scheme, "https") == 0)
            number = 443;
        else if (strcmp(scheme, "ftp") == 0)
            number = 21;
        else
            number = -1;
        if (number > 0) {
            *port = PyLong_FromLong(number);
            if (*port == NULL)
                goto done;
        }
    } else if (digits != NULL) {
        *port = PyLong_FromLong(number);
        if (*port == NULL)
            goto done;
    }
    result = 1;
done:
    PyMem_Free(clean);
    if (result < 0)
        Py_CLEAR(*host);
    return result;
}

/* host.decode() for bytes, str(host) for anything else. */
static PyObject *host_text(PyObject *host)
{
    return PyBytes_Check(host) ? PyObject_CallMethod(host, "decode", NULL) : PyObject_Str(host);
}

/* _endpoint: the host (str) and port (int, or NULL) an event names: 1; 0 where it names none. */
static int endpoint(const struct shape *shape, PyObject *args, PyObject **host, PyObject **port)
{
    static const char *const url_keys[] = {"fullurl", "url"};
    static const char *const host_keys[] = {"host", "hostname", "ip_address", "computer_name"};
    PyObject *value, *full, *first;
    Py_ssize_t length;
    size_t at;
    int result;
    *host = *port = NULL;
    for (at = 0; at < sizeof url_keys / sizeof url_keys[0]; at++) {
        value = named(shape, args, url_keys[at]);
        if (value != NULL && PyUnicode_Check(value))
            return url_endpoint(value, 1, host, port);
        if (value != NULL && value != Py_None) {
            full = PyObject_GetAttrString(value, "full_url");
            if (full == NULL) {
                if (!PyErr_ExceptionMatches(PyExc_AttributeError))
                    return -1;
                PyErr_Clear();
                continue;
            }
            if (PyUnicode_Check(full)) {
                result = url_endpoint(full, 0, host, port);
            } else {
                PyErr_SetString(PyExc_TypeError, "full_url is not a str");
                result = -1;
            }
            Py_DECREF(full);
            return result;
        }
    }
    value = named(shape, args, "address");
    if (value == NULL)
        value = named(shape, args, "sockaddr");
    if (value != NULL && PyTuple_Check(value)) {
        result = PyObject_IsTrue(value);
        if (result < 0)
            return -1;
        if (result) {
            first = PySequence_GetItem(value, 0);
            if (first == NULL)
                return -1;
            length = PySequence_Size(value);
            if (length > 1) {
                *port = PySequence_GetItem(value, 1);
                if (*port != NULL && !PyLong_Check(*port))
                    Py_CLEAR(*port);
            }
            if (length < 0 || PyErr_Occurred()) {
                Py_DECREF(first);
                Py_CLEAR(*port);
                return -1;
            }
            *host = host_text(first);
            Py_DECREF(first);
            if (*host == NULL) {
                Py_CLEAR(*port);
                return -1;
            }
            return 1;
        }
    }
    if (value != NULL && (PyUnicode_Check(value) || PyBytes_Check(value)))
        return as_text(value, host) < 0 ? -1 : 1;
    value = NULL;
    for (at = 0; at < sizeof host_keys / sizeof host_keys[0] && value == NULL; at++)
        value = named(shape, args, host_keys[at]);
    if (value == NULL || value == Py_None)
        return 0;
    *host = host_text(value);
    if (*host == NULL)
        return -1;
    value = named(shape, args, "port");
    if (value != NULL && PyLong_Check(value)) {
        Py_INCREF(value);
        *port = value;
    }
    return 1;
}

/* An entry's text, lowered as str.lower() does, as UTF-8 bytes. */
static PyObject *lowered(const char *bytes, size_t size)
{
    PyObject *text = PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)size, "surrogatepass"), *lower;
    if (text == NULL)
        return NULL;
    lower = PyObject_CallMethod(text, "lower", NULL);
    Py_DECREF(text);
    return utf8_from(lower);
}

/* One entry of _hosts_allowed: pattern[:port], the host case-insensitive. */
static int host_matches(PyObject *host, PyObject *port, PyObject **host_lower, const struct text *entry)
{
    PyObject *pattern, *port_bytes, *lower;
    size_t at, colons = 0, split = entry->size;
    const char *wanted = "";
    size_t wanted_size = 0;
    int result;
    for (at = 0; at < entry->size; at++)
        if (entry->bytes[at] == ':') {
            colons++;
            split = at;
        }
    if (colons == 1) {
        wanted = entry->bytes + split + 1;
        wanted_size = entry->size - split - 1;
    } else {
        split = entry->size;
    }
    if (*host_lower == NULL) {
        lower = PyObject_CallMethod(host, "lower", NULL);
        *host_lower = utf8_from(lower);
        if (*host_lower == NULL)
            return -1;
    }
    pattern = lowered(entry->bytes, split);
    if (pattern == NULL)
        return -1;
    result = wildcard_bytes(*host_lower, PyBytes_AS_STRING(pattern), (size_t)PyBytes_GET_SIZE(pattern));
    Py_DECREF(pattern);
    if (result <= 0)
        return result;
    if (wanted_size == 0 || (wanted_size == 1 && wanted[0] == '*'))
        return 1;
    if (port == NULL)
        return 0;
    port_bytes = utf8_from(PyObject_Str(port));
    if (port_bytes == NULL)
        return -1;
    result = wildcard_bytes(port_bytes, wanted, wanted_size);
    Py_DECREF(port_bytes);
    return result;
}

/* _hosts_allowed: the host and port the event names match an entry; an event that names none passes. */
static int hosts_allowed(const struct shape *shape, PyObject *args)
{
    PyObject *host, *port, *host_lower = NULL;
    const struct text *entry;
    int result = endpoint(shape, args, &host, &port);
    if (result <= 0)
        return result == 0 ? 1 : -1;
    result = 0;
    for (entry = allow_hosts; entry->bytes != NULL && result == 0; entry++)
        result = host_matches(host, port, &host_lower, entry);
    Py_DECREF(host);
    Py_XDECREF(port);
    Py_XDECREF(host_lower);
    return result;
}

/* The first word of a text, as text.split()[0]: 1, or 0 where it has none. */
static int first_word(PyObject *text, PyObject **word)
{
    PyObject *words = PyUnicode_Split(text, NULL, -1);
    *word = NULL;
    if (words == NULL)
        return -1;
    if (PyList_GET_SIZE(words) > 0) {
        *word = PyList_GET_ITEM(words, 0);
        Py_INCREF(*word);
    }
    Py_DECREF(words);
    return *word != NULL;
}

/* _program: the program an event starts (a str in *program): 1; 0 where it names none. */
static int program_of(const struct shape *shape, PyObject *args, PyObject **program)
{
    static const char *const path_keys[] = {"executable", "path", "application_name"};
    static const char *const list_keys[] = {"args", "argv", "exec_list"};
    static const char *const command_keys[] = {"command", "command_line"};
    PyObject *value, *text, *first;
    size_t at;
    int result;
    *program = NULL;
    for (at = 0; at < sizeof path_keys / sizeof path_keys[0]; at++) {
        result = as_text(named(shape, args, path_keys[at]), &text);
        if (result < 0)
            return -1;
        if (result > 0 && PyUnicode_GET_LENGTH(text) > 0) {
            *program = text;
            return 1;
        }
        Py_XDECREF(text);
    }
    for (at = 0; at < sizeof list_keys / sizeof list_keys[0]; at++) {
        value = named(shape, args, list_keys[at]);
        if (value == NULL)
            continue;
        if (PyList_Check(value) || PyTuple_Check(value)) {
            result = PyObject_IsTrue(value);
            if (result < 0)
                return -1;
            if (result) {
                first = PySequence_GetItem(value, 0);
                if (first == NULL)
                    return -1;
                result = as_text(first, program);
                Py_DECREF(first);
                return result;
            }
        }
        if (PyUnicode_Check(value) || PyBytes_Check(value)) {
            if (as_text(value, &text) < 0)
                return -1;
            result = first_word(text, program);
            Py_DECREF(text);
            return result;
        }
    }
    for (at = 0; at < sizeof command_keys / sizeof command_keys[0]; at++) {
        result = as_text(named(shape, args, command_keys[at]), &text);
        if (result < 0)
            return -1;
        if (result > 0) {
            result = first_word(text, program);
            Py_DECREF(text);
            if (result != 0)
                return result;
        }
    }
    return 0;
}

/* _programs_allowed: an entry with a slash matches the whole path, any other its last part. */
static int programs_allowed(const struct shape *shape, PyObject *args)
{
    PyObject *program, *bytes, *path = NULL, *pattern;
    const struct text *entry;
    const char *name;
    size_t start, size;
    int result = program_of(shape, args, &program);
    if (result <= 0)
        return result;
    bytes = utf8_from(program);
    if (bytes == NULL)
        return -1;
    name = PyBytes_AS_STRING(bytes);
    size = (size_t)PyBytes_GET_SIZE(bytes);
    result = 0;
    for (entry = allow_programs; entry->bytes != NULL && result == 0; entry++) {
        if (memchr(entry->bytes, '/', entry->size) != NULL) {
            if (path == NULL && (path = normalised(name, size)) == NULL) {
                result = -1;
                break;
            }
            pattern = normalised(entry->bytes, entry->size);
            if (pattern == NULL) {
                result = -1;
                break;
            }
            result = wildcard_bytes(path, PyBytes_AS_STRING(pattern), (size_t)PyBytes_GET_SIZE(pattern));
            Py_DECREF(pattern);
        } else {
            size_t base = basename_of(name, size, &start);
            result = wildcard(name + start, base, entry->bytes, entry->size);
        }
    }
    Py_XDECREF(path);
    Py_DECREF(bytes);
    return result;
}

/* _modules_allowed: the module, a submodule of it, or a wildcard over its name or its last part. */
static int modules_allowed(const struct shape *shape, PyObject *args)
{
    PyObject *value = named(shape, args, "module"), *text, *bytes;
    const struct text *entry;
    const char *name;
    size_t size, start, base;
    int result;
    if (value == NULL)
        value = named(shape, args, "name");
    if (value == NULL || value == Py_None)
        return 0;
    result = as_text(value, &text);
    if (result <= 0)
        return result;
    bytes = utf8_from(text);
    if (bytes == NULL)
        return -1;
    name = PyBytes_AS_STRING(bytes);
    size = (size_t)PyBytes_GET_SIZE(bytes);
    base = basename_of(name, size, &start);
    result = 0;
    for (entry = allow_modules; size > 0 && entry->bytes != NULL && result == 0; entry++) {
        if ((size == entry->size || (size > entry->size && name[entry->size] == '.')) && memcmp(name, entry->bytes, entry->size) == 0)
            result = 1;
        else if ((result = wildcard(name, size, entry->bytes, entry->size)) == 0)
            result = wildcard(name + start, base, entry->bytes, entry->size);
    }
    Py_DECREF(bytes);
    return result;
}

static int allowed_by(enum list list, const struct shape *shape, PyObject *args)
{
    switch (list) {
    case LIST_PATHS:
        return paths_allowed(shape, args);
    case LIST_HOSTS:
        return hosts_allowed(shape, args);
    case LIST_PROGRAMS:
        return programs_allowed(shape, args);
    case LIST_MODULES:
        return modules_allowed(shape, args);
    default:
        return 0;
    }
}

static int audit_policy_hook(const char *event, PyObject *args, void *data)
{
    const struct rule *rule = bsearch(event, rules, RULE_COUNT, sizeof rules[0], compare_rule);
    const struct shape *shape = NULL;
    PyObject *message;
    size_t at;
    int allowed = 0;
    (void)data;
    if (rule == NULL || busy)
        return 0;
    for (at = 0; at < rule->shape_count && PyTuple_Check(args); at++)
        if (rule->shapes[at].length == PyTuple_GET_SIZE(args))
            shape = &rule->shapes[at];
    if (rule->action == ACTION_LOG) {
        busy = 1;
        message = described("", event, args);
        if (message != NULL)
            PySys_FormatStderr("audit policy: %U\n", message);
        busy = 0;
        if (message == NULL)
            return -1;
        Py_DECREF(message);
        return 0;
    }
    if (rule->action == ACTION_UNLESS && shape != NULL) {
        allowed = allowed_by(rule->list, shape, args);
        if (allowed < 0) {
            /* An argument of a form the matcher does not know is not allowed. */
            if (!PyErr_ExceptionMatches(PyExc_Exception))
                return -1;
            PyErr_Clear();
            allowed = 0;
        }
    }
    if (allowed)
        return 0;
    message = described("denied ", event, args);
    if (message == NULL)
        return -1;
    if (REPORT_ONLY) {
        busy = 1;
        PySys_FormatStderr("audit policy: would have %U\n", message);
        busy = 0;
        Py_DECREF(message);
        return 0;
    }
    PyErr_SetObject(PyExc_PermissionError, message);
    Py_DECREF(message);
    return -1;
}

/* Adds the hook: 0, or -1 with an exception set, as PySys_AddAuditHook returns. */
int audit_policy_install(void);
int audit_policy_install(void)
{
    static const char *const utf8_locales[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"};
    size_t at;
    for (at = 0; utf8_locale == (locale_t)0 && at < sizeof utf8_locales / sizeof utf8_locales[0]; at++)
        utf8_locale = newlocale(LC_CTYPE_MASK, utf8_locales[at], (locale_t)0);
    return PySys_AddAuditHook(audit_policy_hook, NULL);
}
`;
