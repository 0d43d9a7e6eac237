/*
 * The fixed part of every C hook the Audit Events hook builder writes.
 *
 * The builder replaces this comment with the policy's own, and the block between the two
 * [policy] lines with the policy's tables; everything else is this file as it is. It compiles
 * on its own too (gcc -std=c11 with python3-config --cflags): the example policy below logs
 * os.system.
 *
 * It decides as policy.py, the Python hook's fixed part, decides, step by step and function by
 * function (the names are policy.py's), for a program that embeds Python: audit_policy_install()
 * adds it with PySys_AddAuditHook. Written for its attacker, as policy.py is: it decides only on
 * values of exact known types and calls no method of an argument to decide (but pathlib's own
 * __fspath__, while pathlib's classes are as they were, and os.DirEntry's); it resolves paths as
 * the OS does; and all it holds lives in C statics, where no Python code can reach or change it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

enum action { ACTION_LOG, ACTION_DENY, ACTION_UNLESS };

/* What decides a "deny unless" event: an allow-list's matcher, or the environment check. */
enum matcher { MATCHER_NONE, MATCHER_PATHS, MATCHER_HOSTS, MATCHER_PROGRAMS, MATCHER_ENVIRONMENT, MATCHER_MODULES };

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
    enum matcher matcher;
    size_t shape_count;
    const struct shape *shapes;
};

/* [policy] */
/* 1 where the hook is to contain code you do not trust: collections stop while it decides. */
#define PURPOSE_CONTAIN 0
/* 1 where every denial only becomes a report line ("would have denied ..."). */
#define REPORT_ONLY 0
/* How much of an argument a report or a denial quotes, in characters; the rest becomes "...". */
#define ARGUMENT_LIMIT 200

/* Event -> action, what decides "deny unless", argument names by the length of the args tuple; sorted by strcmp for bsearch. */
static const struct rule rules[] = {
    {"os.system", ACTION_LOG, MATCHER_NONE, 1, (const struct shape[]){{1, (const char *const[]){"command"}}}},
    {NULL, ACTION_LOG, MATCHER_NONE, 0, NULL},
};

/* What "deny unless" lets through, as typed in the builder, in UTF-8; each list ends at {NULL, 0}. */
static const struct text allow_paths[] = {{NULL, 0}};
static const struct text allow_hosts[] = {{NULL, 0}};
static const struct text allow_programs[] = {{NULL, 0}};
static const struct text allow_modules[] = {{NULL, 0}};

/* The argument names the paths allow-list checks. */
static const char *const path_arguments[] = {"path", "src", "dst", NULL};

/* The environment variables a child may not be given changed, under a list of programs: by name, and by prefix. */
static const struct text risky_names[] = {TEXT("PATH"), {NULL, 0}};
static const struct text risky_prefixes[] = {TEXT("LD_"), {NULL, 0}};
/* [/policy] */

#define RULE_COUNT (sizeof rules / sizeof rules[0] - 1)

/* policy.py's resolve() gives up after as many links as Linux follows. */
#define LINK_LIMIT 40
/* os.readlink reads at most this many bytes of a link (CPython's MAXPATHLEN). */
#define LINK_SIZE 4096

/* ---- bytes the hook owns (malloc'd: install may run before Python is), and lists of them */

/* A path or a name. data NULL stands for policy.py's None; else data[size] is a NUL past the bytes. */
struct bytes {
    char *data;
    size_t size;
};

struct byte_list {
    struct bytes *items;
    size_t count;
};

/* A folder, and the prefix of what lies inside it (the folder and a slash). */
struct folder {
    struct bytes path, inside;
};

struct folder_list {
    struct folder *items;
    size_t count;
};

static void bytes_clear(struct bytes *value)
{
    free(value->data);
    value->data = NULL;
    value->size = 0;
}

/* Appends size bytes (making value non-None): 0, or -1 out of memory. */
static int bytes_append(struct bytes *value, const char *more, size_t size)
{
    char *grown = realloc(value->data, value->size + size + 1);
    if (grown == NULL)
        return -1;
    if (size > 0)
        memcpy(grown + value->size, more, size);
    value->size += size;
    grown[value->size] = '\0';
    value->data = grown;
    return 0;
}

static int bytes_set(struct bytes *value, const char *data, size_t size)
{
    bytes_clear(value);
    return bytes_append(value, data, size);
}

/* A copy of from, None as None: 0, or -1 out of memory. */
static int bytes_copy(struct bytes *value, const struct bytes *from)
{
    bytes_clear(value);
    return from->data == NULL ? 0 : bytes_append(value, from->data, from->size);
}

static int bytes_equal(const struct bytes *value, const char *data, size_t size)
{
    return value->data != NULL && value->size == size && memcmp(value->data, data, size) == 0;
}

/* Moves *item (None included) to the end of the list: 0, or -1 out of memory (item untouched). */
static int list_take(struct byte_list *list, struct bytes *item)
{
    struct bytes *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    grown[list->count++] = *item;
    list->items = grown;
    item->data = NULL;
    item->size = 0;
    return 0;
}

static int list_copy(struct byte_list *list, const char *data, size_t size)
{
    struct bytes item = {NULL, 0};
    if (bytes_append(&item, data, size) < 0 || list_take(list, &item) < 0) {
        bytes_clear(&item);
        return -1;
    }
    return 0;
}

static void list_clear(struct byte_list *list)
{
    size_t at;
    for (at = 0; at < list->count; at++)
        bytes_clear(&list->items[at]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

static int list_has(const struct byte_list *list, const char *data, size_t size)
{
    size_t at;
    for (at = 0; at < list->count; at++)
        if (bytes_equal(&list->items[at], data, size))
            return 1;
    return 0;
}

/* Whether text, its ASCII letters lowered (bytes.lower(), whatever the C locale), is lower. */
static int ascii_lower_is(const char *text, size_t size, const char *lower)
{
    size_t at;
    if (size != strlen(lower))
        return 0;
    for (at = 0; at < size; at++)
        if ((text[at] >= 'A' && text[at] <= 'Z' ? text[at] - 'A' + 'a' : text[at]) != lower[at])
            return 0;
    return 1;
}

static int memory_error(void)
{
    PyErr_NoMemory();
    return -1;
}

/* ---- text: UTF-8, Python's whitespace, wildcards */

/* Whether the bytes are UTF-8 as Python's strict decoder reads it (no surrogates, no overlong forms). */
static int utf8_valid(const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + size;
    unsigned char low, high;
    size_t more, at;
    while (s < end) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        low = 0x80;
        high = 0xBF;
        if (*s >= 0xC2 && *s <= 0xDF) {
            more = 1;
        } else if (*s >= 0xE0 && *s <= 0xEF) {
            more = 2;
            if (*s == 0xE0)
                low = 0xA0;
            if (*s == 0xED)
                high = 0x9F;
        } else if (*s >= 0xF0 && *s <= 0xF4) {
            more = 3;
            if (*s == 0xF0)
                low = 0x90;
            if (*s == 0xF4)
                high = 0x8F;
        } else {
            return 0;
        }
        if ((size_t)(end - s) <= more || s[1] < low || s[1] > high)
            return 0;
        for (at = 2; at <= more; at++)
            if (s[at] < 0x80 || s[at] > 0xBF)
                return 0;
        s += more + 1;
    }
    return 1;
}

/* The code point UTF-8 (valid) holds at text, or before end when backwards. */
static unsigned long code_point(const unsigned char *text)
{
    if (text[0] < 0x80)
        return text[0];
    if (text[0] < 0xE0)
        return ((unsigned long)(text[0] & 0x1F) << 6) | (text[1] & 0x3F);
    if (text[0] < 0xF0)
        return ((unsigned long)(text[0] & 0x0F) << 12) | ((unsigned long)(text[1] & 0x3F) << 6) | (text[2] & 0x3F);
    return ((unsigned long)(text[0] & 0x07) << 18) | ((unsigned long)(text[1] & 0x3F) << 12) | ((unsigned long)(text[2] & 0x3F) << 6) | (text[3] & 0x3F);
}

/* str.isspace() of one code point: the characters str.strip() takes off, in every version 3.8 to 3.15. */
static int python_space(unsigned long c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* entry.strip() != entry, for an entry in UTF-8 (as the builder writes every entry). */
static int strip_changes(const struct text *entry)
{
    const unsigned char *s = (const unsigned char *)entry->bytes, *last;
    if (entry->size == 0 || !utf8_valid(entry->bytes, entry->size))
        return 0;
    last = s + entry->size - 1;
    while (last > s && (*last & 0xC0) == 0x80)
        last--;
    return python_space(code_point(s)) || python_space(code_point(last));
}

/* ---- wildcards: policy.py's wildcard(), over code points */

/* Text as its code points (PyMem_Malloc'd), as Python compares characters. */
struct ucs4 {
    Py_UCS4 *data;
    Py_ssize_t size;
};

static void ucs4_clear(struct ucs4 *text)
{
    PyMem_Free(text->data);
    text->data = NULL;
    text->size = 0;
}

/* The code points of a str (new, taking the reference to it; NULL gives -1): 0, or -1 with an exception set. */
static int ucs4_from(PyObject *text, struct ucs4 *out)
{
    out->data = NULL;
    out->size = 0;
    if (text == NULL)
        return -1;
    out->size = PyUnicode_GetLength(text);
    out->data = out->size < 0 ? NULL : PyUnicode_AsUCS4Copy(text);
    Py_DECREF(text);
    return out->data == NULL ? -1 : 0;
}

/* An entry (UTF-8, as the builder writes it) as text. */
static int ucs4_of_entry(const char *bytes, size_t size, struct ucs4 *out)
{
    return ucs4_from(PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)size, "strict"), out);
}

/* A file name as text, as os.fsdecode reads it (an undecodable byte as a lone surrogate). */
static int ucs4_of_fs(const char *bytes, size_t size, struct ucs4 *out)
{
    return ucs4_from(PyUnicode_DecodeFSDefaultAndSize(bytes, (Py_ssize_t)size), out);
}

static int ucs4_equal(const struct ucs4 *a, const Py_UCS4 *b, Py_ssize_t size)
{
    return a->size == size && memcmp(a->data, b, (size_t)size * sizeof *b) == 0;
}

enum part_kind { PART_CHARACTER, PART_ANY, PART_STAR, PART_SET };

/* One part of a pattern: a character, ?, a run of *, or a [...] (its inside, read as it is matched). */
struct part {
    enum part_kind kind;
    Py_UCS4 character;
    int negate;
    const Py_UCS4 *inside;
    Py_ssize_t inside_size;
};

/* Whether c is in a [...]'s inside: a-c a range (one whose ends are the wrong way round holds nothing), any other character itself. */
static int in_set(const Py_UCS4 *inside, Py_ssize_t size, Py_UCS4 c)
{
    Py_ssize_t index = 0;
    while (index < size) {
        if (index + 2 < size && inside[index + 1] == '-') {
            if (inside[index] <= inside[index + 2] && inside[index] <= c && c <= inside[index + 2])
                return 1;
            index += 3;
        } else {
            if (inside[index] == c)
                return 1;
            index++;
        }
    }
    return 0;
}

/* wildcard(pattern)(name): fnmatch.fnmatchcase's reading, * any run of characters, ? one, [...] one
   of a set ([!...] one not in it), a [ with no closing ] itself; 1 or 0, -1 with an exception set. */
static int wildcard(const struct ucs4 *name, const struct ucs4 *pattern)
{
    const Py_UCS4 *p = pattern->data;
    struct part *parts;
    Py_ssize_t size = pattern->size, count = 0, at = 0, end, index, star = -1, star_at = 0;
    Py_UCS4 c;
    int fits;
    parts = PyMem_Malloc(((size_t)size + 1) * sizeof *parts);
    if (parts == NULL)
        return memory_error();
    while (at < size) {
        c = p[at++];
        memset(&parts[count], 0, sizeof parts[count]);
        if (c == '*') {
            if (count == 0 || parts[count - 1].kind != PART_STAR)
                parts[count++].kind = PART_STAR;
            continue;
        }
        if (c == '?') {
            parts[count++].kind = PART_ANY;
            continue;
        }
        if (c == '[') {
            end = at;
            if (end < size && p[end] == '!')
                end++;
            if (end < size && p[end] == ']')
                end++;
            while (end < size && p[end] != ']')
                end++;
            if (end < size) {
                parts[count].kind = PART_SET;
                parts[count].inside = p + at;
                parts[count].inside_size = end - at;
                if (parts[count].inside_size > 0 && p[at] == '!') {
                    parts[count].negate = 1;
                    parts[count].inside++;
                    parts[count].inside_size--;
                }
                count++;
                at = end + 1;
                continue;
            }
            /* no closing ]: a plain [ */
        }
        parts[count].kind = PART_CHARACTER;
        parts[count++].character = c;
    }
    /* Greedy with backtracking to the last *, as policy.py matches. */
    at = 0;
    index = 0;
    while (at < name->size) {
        if (index < count) {
            if (parts[index].kind == PART_STAR) {
                star = index++;
                star_at = at;
                continue;
            }
            if (parts[index].kind == PART_ANY)
                fits = 1;
            else if (parts[index].kind == PART_CHARACTER)
                fits = name->data[at] == parts[index].character;
            else
                fits = in_set(parts[index].inside, parts[index].inside_size, name->data[at]) != parts[index].negate;
            if (fits) {
                at++;
                index++;
                continue;
            }
        }
        if (star == -1) {
            PyMem_Free(parts);
            return 0;
        }
        index = star + 1;
        at = ++star_at;
    }
    while (index < count && parts[index].kind == PART_STAR)
        index++;
    PyMem_Free(parts);
    return index == count;
}

/* A str as strict UTF-8 in *bytes: 1; 0 where it holds a lone surrogate (no entry here can: the
   builder writes them as U+FFFD); -1 with an exception set. */
static int utf8_of(PyObject *text, PyObject **bytes)
{
    *bytes = PyUnicode_AsUTF8String(text);
    if (*bytes != NULL)
        return 1;
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return -1;
    PyErr_Clear();
    return 0;
}

/* ---- reporting: never raises for a write, never runs the program's code to describe an argument */

/* Standard error's descriptor as the hook was installed, duplicated: closing or replacing
   sys.stderr, or descriptor 2, changes nothing here. */
static int report_fd = -1;

/* "audit policy: " + line + "\n", in UTF-8 with backslashreplace, to that descriptor. policy.py
   sends it to logging where the policy chose that; this hook always writes it here. */
static int report(PyObject *line)
{
    PyObject *text, *data;
    const char *at;
    Py_ssize_t left;
    ssize_t written;
    if (report_fd < 0)
        return 0;
    text = PyUnicode_FromFormat("audit policy: %U\n", line);
    if (text == NULL)
        return -1;
    data = PyUnicode_AsEncodedString(text, "utf-8", "backslashreplace");
    Py_DECREF(text);
    if (data == NULL)
        return -1;
    at = PyBytes_AS_STRING(data);
    left = PyBytes_GET_SIZE(data);
    while (left > 0) {
        written = write(report_fd, at, (size_t)left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            break;
        at += written;
        left -= written;
    }
    Py_DECREF(data);
    return 0;
}

/* type.__dict__["__qualname__"].__get__(kind): type's own getter, whatever the class or its metaclass define. */
static PyObject *type_name(PyTypeObject *kind)
{
    PyObject *name;
#if PY_VERSION_HEX >= 0x030B0000
    name = PyType_GetQualName(kind);
#else
    const char *dot;
    if (kind->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        name = ((PyHeapTypeObject *)kind)->ht_qualname;
        Py_XINCREF(name);
    } else {
        dot = strrchr(kind->tp_name, '.');
        name = PyUnicode_FromString(dot != NULL ? dot + 1 : kind->tp_name);
    }
#endif
    if (name == NULL)
        return NULL;
    if (!PyUnicode_CheckExact(name)) {
        /* A str subclass set as __qualname__: its own methods are not run. */
        Py_DECREF(name);
        name = PyUnicode_FromString("object");
    }
    return name;
}

/* ", ".join(parts) between open and close. */
static PyObject *joined(PyObject *parts, const char *open, const char *close)
{
    PyObject *comma = PyUnicode_FromString(", "), *inner, *text;
    if (comma == NULL)
        return NULL;
    inner = PyUnicode_Join(comma, parts);
    Py_DECREF(comma);
    if (inner == NULL)
        return NULL;
    text = PyUnicode_FromFormat("%s%U%s", open, inner, close);
    Py_DECREF(inner);
    return text;
}

static int append_text(PyObject *parts, PyObject *text)
{
    int result;
    if (text == NULL)
        return -1;
    result = PyList_Append(parts, text);
    Py_DECREF(text);
    return result;
}

/* shown(): repr() where CPython's own repr is used (exact str, bytes, int, bool, float, None, and
   tuples, lists and dicts of them, three deep, eight items each), else "<" + the type's name + ">". */
static PyObject *shown(PyObject *value, Py_ssize_t room, int depth)
{
    PyTypeObject *kind = Py_TYPE(value);
    PyObject *cut = NULL, *text, *parts, *key, *item, *left, *right;
    Py_ssize_t size, at, position = 0;
    if (kind == &PyUnicode_Type || kind == &PyBytes_Type || kind == &PyLong_Type || kind == &PyBool_Type || kind == &PyFloat_Type || value == Py_None) {
        if (kind == &PyUnicode_Type && PyUnicode_GetLength(value) > room)
            cut = PyUnicode_Substring(value, 0, room);
        else if (kind == &PyBytes_Type && PyBytes_GET_SIZE(value) > room)
            cut = PyBytes_FromStringAndSize(PyBytes_AS_STRING(value), room);
        else
            cut = (Py_INCREF(value), value);
        if (cut == NULL)
            return NULL;
        text = PyObject_Repr(cut);
        Py_DECREF(cut);
        if (text == NULL && PyErr_ExceptionMatches(PyExc_Exception)) {
            PyErr_Clear(); /* an int too long to write out */
            return PyUnicode_FromString("<int>");
        }
        return text;
    }
    if (depth < 3 && (kind == &PyTuple_Type || kind == &PyList_Type)) {
        parts = PyList_New(0);
        if (parts == NULL)
            return NULL;
        size = Py_SIZE(value);
        for (at = 0; at < size && at < 8; at++) {
            item = kind == &PyTuple_Type ? PyTuple_GET_ITEM(value, at) : PyList_GET_ITEM(value, at);
            Py_INCREF(item);
            text = shown(item, room, depth + 1);
            Py_DECREF(item);
            if (append_text(parts, text) < 0)
                goto failed;
        }
        if (size > 8 && append_text(parts, PyUnicode_FromString("...")) < 0)
            goto failed;
        text = kind == &PyList_Type ? joined(parts, "[", "]") : joined(parts, "(", size == 1 ? ",)" : ")");
        Py_DECREF(parts);
        return text;
    }
    if (depth < 3 && kind == &PyDict_Type) {
        parts = PyList_New(0);
        if (parts == NULL)
            return NULL;
        /* Each key with its own value, as the dict holds them: no key is hashed or compared again. */
        while (PyDict_Next(value, &position, &key, &item)) {
            if (PyList_GET_SIZE(parts) == 8) {
                if (append_text(parts, PyUnicode_FromString("...")) < 0)
                    goto failed;
                break;
            }
            Py_INCREF(key);
            Py_INCREF(item);
            left = shown(key, room, depth + 1);
            right = left == NULL ? NULL : shown(item, room, depth + 1);
            Py_DECREF(key);
            Py_DECREF(item);
            text = right == NULL ? NULL : PyUnicode_FromFormat("%U: %U", left, right);
            Py_XDECREF(left);
            Py_XDECREF(right);
            if (append_text(parts, text) < 0)
                goto failed;
        }
        text = joined(parts, "{", "}");
        Py_DECREF(parts);
        return text;
    }
    text = type_name(kind);
    if (text == NULL)
        return NULL;
    cut = PyUnicode_FromFormat("<%U>", text);
    Py_DECREF(text);
    return cut;
failed:
    Py_DECREF(parts);
    return NULL;
}

/* event + " " + shown(args), cut at ARGUMENT_LIMIT characters and "...". */
static PyObject *described(const char *event, PyObject *args)
{
    PyObject *text = shown(args, ARGUMENT_LIMIT, 0), *cut, *line;
    if (text == NULL)
        return NULL;
    if (PyUnicode_GetLength(text) > ARGUMENT_LIMIT) {
        cut = PyUnicode_Substring(text, 0, ARGUMENT_LIMIT);
        line = cut == NULL ? NULL : PyUnicode_FromFormat("%s %U...", event, cut);
        Py_XDECREF(cut);
    } else {
        line = PyUnicode_FromFormat("%s %U", event, text);
    }
    Py_DECREF(text);
    return line;
}

/* ---- paths, as the OS resolves them (plain C: the allowed folders are resolved at install) */

/* resolve(): an absolute path with every symlink and .. resolved as the OS resolves them, in *out:
   1; 0 for a loop or a NUL (policy.py's None); -1 out of memory. */
static int resolve(const char *path, size_t size, struct bytes *out)
{
    struct bytes todo = {NULL, 0}, done = {NULL, 0}, next = {NULL, 0};
    size_t at = 0, start, part, mark, links = 0;
    struct stat status;
    char target[LINK_SIZE + 1];
    ssize_t length;
    out->data = NULL;
    out->size = 0;
    if (memchr(path, '\0', size) != NULL)
        return 0; /* lstat refuses it: ValueError, None */
    /* done is "/a/b" for the parts [a, b], "" for none: it is the path so far, as lstat takes it. */
    if (bytes_append(&todo, path, size) < 0 || bytes_append(&done, "", 0) < 0)
        goto memory;
    for (;;) {
        while (at < todo.size && todo.data[at] == '/')
            at++;
        if (at == todo.size)
            break;
        start = at;
        while (at < todo.size && todo.data[at] != '/')
            at++;
        part = at - start;
        if (part == 1 && todo.data[start] == '.')
            continue;
        if (part == 2 && todo.data[start] == '.' && todo.data[start + 1] == '.') {
            while (done.size > 0 && done.data[--done.size] != '/')
                ;
            done.data[done.size] = '\0';
            continue;
        }
        mark = done.size;
        if (bytes_append(&done, "/", 1) < 0 || bytes_append(&done, todo.data + start, part) < 0)
            goto memory;
        /* Nothing there (yet), or no link: what follows is read as written. */
        if (lstat(done.data, &status) != 0 || !S_ISLNK(status.st_mode))
            continue;
        if (++links > LINK_LIMIT)
            goto none;
        length = readlink(done.data, target, LINK_SIZE);
        if (length < 0)
            goto none;
        done.size = mark;
        done.data[mark] = '\0';
        if (length > 0 && target[0] == '/')
            done.size = 0;
        /* What is left to read: the link's target, then the rest of the path. */
        if (bytes_append(&next, target, (size_t)length) < 0 || bytes_append(&next, "/", 1) < 0 || bytes_append(&next, todo.data + at, todo.size - at) < 0)
            goto memory;
        bytes_clear(&todo);
        todo = next;
        next.data = NULL;
        next.size = 0;
        at = 0;
    }
    bytes_clear(&todo);
    if (done.size == 0 && bytes_set(&done, "/", 1) < 0)
        goto memory;
    *out = done;
    return 1;
none:
    bytes_clear(&todo);
    bytes_clear(&done);
    return 0;
memory:
    bytes_clear(&todo);
    bytes_clear(&done);
    bytes_clear(&next);
    return -1;
}

/* os.getcwdb() in *out (None where it fails): 0, or -1 out of memory. */
static int working_directory(struct bytes *out)
{
    size_t size = 1024;
    char *buffer;
    out->data = NULL;
    out->size = 0;
    for (;;) {
        buffer = malloc(size);
        if (buffer == NULL)
            return -1;
        if (getcwd(buffer, size) != NULL)
            break;
        free(buffer);
        if (errno != ERANGE)
            return 0;
        size *= 2;
    }
    out->data = buffer;
    out->size = strlen(buffer);
    return 0;
}

/* absolute(): path resolved from base (a folder, or None) where it is relative: 1, 0 for None, -1 out of memory. */
static int absolute(const char *path, size_t size, const struct bytes *base, struct bytes *out)
{
    struct bytes joined = {NULL, 0};
    int result;
    out->data = NULL;
    out->size = 0;
    if (size > 0 && path[0] == '/')
        return resolve(path, size, out);
    if (base == NULL || base->data == NULL)
        return 0;
    if (bytes_append(&joined, base->data, base->size) < 0 || bytes_append(&joined, "/", 1) < 0 || bytes_append(&joined, path, size) < 0) {
        bytes_clear(&joined);
        return -1;
    }
    result = resolve(joined.data, joined.size, out);
    bytes_clear(&joined);
    return result;
}

static int under(const struct bytes *path, const struct folder_list *folders)
{
    size_t at;
    const struct folder *folder;
    for (at = 0; at < folders->count; at++) {
        folder = &folders->items[at];
        if (bytes_equal(&folder->path, path->data, path->size) ||
            (path->size >= folder->inside.size && memcmp(path->data, folder->inside.data, folder->inside.size) == 0))
            return 1;
    }
    return 0;
}

/* Adds a resolved folder and the prefix of what lies inside it (full is taken): 0, or -1 out of memory. */
static int folder_take(struct folder_list *folders, struct bytes *full)
{
    struct folder folder = {{NULL, 0}, {NULL, 0}}, *grown;
    size_t size = full->size;
    while (size > 0 && full->data[size - 1] == '/')
        size--;
    if (bytes_append(&folder.inside, full->data, size) < 0 || bytes_append(&folder.inside, "/", 1) < 0)
        goto memory;
    grown = realloc(folders->items, (folders->count + 1) * sizeof *grown);
    if (grown == NULL)
        goto memory;
    folder.path = *full;
    full->data = NULL;
    full->size = 0;
    grown[folders->count++] = folder;
    folders->items = grown;
    return 0;
memory:
    bytes_clear(&folder.inside);
    return -1;
}

/* Moves every folder of more to the end of folders: 0, or -1 out of memory (nothing moved). */
static int folders_extend(struct folder_list *folders, struct folder_list *more)
{
    struct folder *grown = realloc(folders->items, (folders->count + more->count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    if (more->count > 0)
        memcpy(grown + folders->count, more->items, more->count * sizeof *grown);
    folders->items = grown;
    folders->count += more->count;
    free(more->items);
    more->items = NULL;
    more->count = 0;
    return 0;
}

/* folders_of(): each entry resolved from the working directory, where it resolves. */
static int folders_add(struct folder_list *folders, const char *entry, size_t size, const struct bytes *cwd)
{
    struct bytes full = {NULL, 0};
    int result = absolute(entry, size, cwd, &full);
    if (result <= 0)
        return result;
    if (folder_take(folders, &full) < 0) {
        bytes_clear(&full);
        return -1;
    }
    return 0;
}

static void folders_clear(struct folder_list *folders)
{
    size_t at;
    for (at = 0; at < folders->count; at++) {
        bytes_clear(&folders->items[at].path);
        bytes_clear(&folders->items[at].inside);
    }
    free(folders->items);
    folders->items = NULL;
    folders->count = 0;
}

/* fd_directory(): the folder a directory descriptor stands for, as Linux shows it: 1; 0 for None; -1 out of memory. */
static int fd_directory(long fd, struct bytes *out)
{
    struct stat status;
    char link[64], target[LINK_SIZE + 1];
    ssize_t length;
    out->data = NULL;
    out->size = 0;
    /* os.fstat takes a C int: a larger number is an OverflowError there, None here. */
    if (fd < 0 || fd > INT_MAX || fstat((int)fd, &status) != 0 || !S_ISDIR(status.st_mode))
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
    length = readlink(link, target, LINK_SIZE);
    if (length <= 0 || target[0] != '/')
        return 0;
    return bytes_append(out, target, (size_t)length) < 0 ? -1 : 1;
}

/* open_directories(): every folder the process holds a descriptor on, in *folders: 1; 0 where that
   cannot be known (None); -1 with an exception set. As policy.py's os.listdir does, the listing
   first raises os.listdir (b'/proc/self/fd',) for every hook, this one included. */
static int open_directories(struct byte_list *folders)
{
    PyObject *shown_path = PyBytes_FromString("/proc/self/fd");
    DIR *listing;
    struct dirent *entry;
    long *numbers = NULL, *grown;
    size_t count = 0, at;
    char *end;
    struct bytes folder;
    int result;
    if (shown_path == NULL)
        goto failed;
    result = PySys_Audit("os.listdir", "O", shown_path);
    Py_DECREF(shown_path);
    if (result < 0)
        goto failed;
    listing = opendir("/proc/self/fd");
    if (listing == NULL)
        return 0;
    /* The numbers first, then each descriptor: the listing's own is closed by then, as in policy.py. */
    while ((entry = readdir(listing)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        grown = realloc(numbers, (count + 1) * sizeof *grown);
        if (grown == NULL) {
            closedir(listing);
            free(numbers);
            return memory_error();
        }
        numbers = grown;
        numbers[count++] = strtol(entry->d_name, &end, 10);
    }
    closedir(listing);
    for (at = 0; at < count; at++) {
        result = fd_directory(numbers[at], &folder);
        if (result > 0 && list_take(folders, &folder) < 0) {
            bytes_clear(&folder);
            result = -1;
        }
        if (result < 0) {
            free(numbers);
            return memory_error();
        }
    }
    free(numbers);
    return 1;
failed:
    /* A refusal of the listing (or any other Exception) leaves the descriptors unknown. */
    if (!PyErr_ExceptionMatches(PyExc_Exception))
        return -1;
    PyErr_Clear();
    return 0;
}

/* ---- what is taken from Python itself: at install if Python is initialized, else at the first
   event after that (see audit_policy_install) */

/* One class's dict as it was: its keys and values, in order, each held. */
struct class_contents {
    PyObject *klass;
    Py_ssize_t size;
    PyObject **items; /* key, value, key, value, ... */
};

/* One of pathlib's classes, its mro and each mro class's contents, as they were. */
struct path_class {
    PyObject *cls;
    Py_ssize_t depth;
    struct class_contents *mro;
};

enum snapshot_state { SNAPSHOT_WAITING, SNAPSHOT_TAKING, SNAPSHOT_TAKEN, SNAPSHOT_FAILED };
static enum snapshot_state snapshot_state;
/* Set in the thread taking the snapshot: the events its own imports raise are the hook's own work,
   as policy.py's imports are, which run before that hook is added; they pass, and take no snapshot. */
static _Thread_local int snapshotting;

static struct path_class *path_classes;
static size_t path_class_count;
/* os.DirEntry, whose __fspath__ is CPython's own. */
static PyTypeObject *dir_entry;
/* Module folders (the entries' at install, then the standard library's and site-packages'), the
   import system's suffixes, and its finders and path hooks as they were. */
static struct folder_list module_folders;
static struct byte_list suffixes;
static PyObject **finders, **path_hooks;
static Py_ssize_t finder_count, path_hook_count;
#if PY_VERSION_HEX < 0x030A0000
/* gc's own functions (3.10 has PyGC_Disable): to contain code, collections stop while the hook decides. */
static PyObject *gc_isenabled, *gc_disable, *gc_enable;
#endif

/* type.__dict__["__dict__"].__get__(klass)'s dict, as type's own getter reads it. */
static PyObject *type_dict(PyTypeObject *klass)
{
#if PY_VERSION_HEX >= 0x030C0000
    return PyType_GetDict(klass);
#else
    Py_XINCREF(klass->tp_dict);
    return klass->tp_dict;
#endif
}

/* unchanged(): whether cls is one of pathlib's classes and neither it nor a class it derives from
   has changed since the snapshot (the same mro, each dict with the same keys and values in order). */
static int unchanged(PyTypeObject *cls)
{
    const struct path_class *known = NULL;
    const struct class_contents *contents;
    PyObject *mro, *dict, *key, *value;
    Py_ssize_t at, item, position;
    size_t index;
    int same;
    for (index = 0; index < path_class_count && known == NULL; index++)
        if (path_classes[index].cls == (PyObject *)cls)
            known = &path_classes[index];
    if (known == NULL)
        return 0;
    mro = cls->tp_mro;
    if (mro == NULL || !PyTuple_Check(mro) || PyTuple_GET_SIZE(mro) != known->depth)
        return 0;
    for (at = 0; at < known->depth; at++)
        if (PyTuple_GET_ITEM(mro, at) != known->mro[at].klass)
            return 0;
    for (at = 0; at < known->depth; at++) {
        contents = &known->mro[at];
        dict = type_dict((PyTypeObject *)contents->klass);
        if (dict == NULL) {
            PyErr_Clear();
            return 0;
        }
        same = PyDict_Size(dict) == contents->size;
        position = 0;
        for (item = 0; same && PyDict_Next(dict, &position, &key, &value); item++)
            same = key == contents->items[2 * item] && value == contents->items[2 * item + 1];
        Py_DECREF(dict);
        if (!same)
            return 0;
    }
    return 1;
}

/* path_of(): a path argument as bytes in *path: 1; 0 for a value of any other type, or of a
   patched pathlib (policy.py's REFUSE); -1 with an exception set. */
static int path_of(PyObject *value, PyObject **path)
{
    PyObject *converted;
    PyTypeObject *kind = Py_TYPE(value);
    *path = NULL;
    if (kind == &PyUnicode_Type) {
        *path = PyUnicode_EncodeFSDefault(value);
        return *path == NULL ? -1 : 1;
    }
    if (kind == &PyBytes_Type) {
        Py_INCREF(value);
        *path = value;
        return 1;
    }
    if ((dir_entry == NULL || kind != dir_entry) && !unchanged(kind))
        return 0;
    converted = PyOS_FSPath(value);
    if (converted == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_Exception))
            return -1;
        PyErr_Clear();
        return 0;
    }
    if (Py_TYPE(converted) == &PyUnicode_Type) {
        *path = PyUnicode_EncodeFSDefault(converted);
        Py_DECREF(converted);
        return *path == NULL ? -1 : 1;
    }
    if (Py_TYPE(converted) == &PyBytes_Type) {
        *path = converted;
        return 1;
    }
    Py_DECREF(converted);
    return 0;
}

/* ---- arguments by name */

/* dict(zip(names, args)).get(name): borrowed, NULL where the tuple has none (the last of a name wins). */
static PyObject *named(const struct shape *shape, PyObject *args, const char *name)
{
    Py_ssize_t at;
    if (shape == NULL)
        return NULL;
    for (at = shape->length - 1; at >= 0; at--)
        if (strcmp(shape->names[at], name) == 0)
            return PyTuple_GET_ITEM(args, at);
    return NULL;
}

/* named(), None where the tuple has none. */
static PyObject *got(const struct shape *shape, PyObject *args, const char *name)
{
    PyObject *value = named(shape, args, name);
    return value != NULL ? value : Py_None;
}

static int exact_int(PyObject *value)
{
    return PyLong_CheckExact(value) || PyBool_Check(value);
}

static int exact_sequence(PyObject *value)
{
    return PyList_CheckExact(value) || PyTuple_CheckExact(value);
}

/* The item of an exact list or tuple (borrowed; at within its current size). */
static PyObject *item_of(PyObject *sequence, Py_ssize_t at)
{
    return PyList_CheckExact(sequence) ? PyList_GET_ITEM(sequence, at) : PyTuple_GET_ITEM(sequence, at);
}

/* ---- paths */

/* The open folders of policy.py's paths_allowed: every folder "deny unless" allows, resolved at install. */
static struct folder_list path_folders;

static int path_argument(const char *name)
{
    const char *const *known;
    for (known = path_arguments; *known != NULL; known++)
        if (strcmp(*known, name) == 0)
            return 1;
    return 0;
}

/* dir_fd_of(): the descriptor a path argument is relative to: src_dir_fd for src, dst_dir_fd for
   dst, else dir_fd. 1 with *value borrowed, 0 where the tuple has none. */
static int dir_fd_of(const char *name, const struct shape *shape, PyObject *args, PyObject **value)
{
    Py_ssize_t at;
    size_t size = strlen(name);
    int found = 0;
    for (at = 0; at < shape->length; at++) {
        const char *key = shape->names[at];
        if (strncmp(key, name, size) == 0 && strcmp(key + size, "_dir_fd") == 0) {
            *value = PyTuple_GET_ITEM(args, at);
            return 1;
        }
        if (strcmp(key, "dir_fd") == 0) {
            *value = PyTuple_GET_ITEM(args, at);
            found = 1;
        }
    }
    return found;
}

/* paths_allowed(): every path the event names resolves under an allowed folder; descriptors pass.
   1, 0, or -1 with an exception set. */
static int paths_allowed(const char *event, const struct shape *shape, PyObject *args)
{
    struct bytes cwd = {NULL, 0}, dst = {NULL, 0}, full = {NULL, 0}, base = {NULL, 0};
    struct byte_list bases = {NULL, 0};
    PyObject *value, *path = NULL, *fd;
    Py_ssize_t count = PyTuple_GET_SIZE(args), at, step, link = -1;
    const char *name, *data;
    char own[64];
    size_t size, index;
    long number;
    int listing = strcmp(event, "os.listdir") == 0 || strcmp(event, "os.scandir") == 0, result = 1, status, overflow;
    if (working_directory(&cwd) < 0)
        return memory_error();
    snprintf(own, sizeof own, "/proc/%ld/fd", (long)getpid());
    /* os.symlink: the link (dst) first, as its target (src) is read from the link's folder. */
    if (shape != NULL && strcmp(event, "os.symlink") == 0)
        for (at = 0; at < count; at++)
            if (strcmp(shape->names[at], "dst") == 0)
                link = at;
    for (step = 0; step < count && result == 1; step++) {
        at = link < 0 ? step : step == 0 ? link : step <= link ? step - 1 : step;
        value = PyTuple_GET_ITEM(args, at);
        if (shape == NULL) {
            /* No version documents this tuple: each value of a path's type is a path, numbers and
               None are not, and a value of any other type is refused. */
            if (exact_int(value) || PyFloat_CheckExact(value) || value == Py_None)
                continue;
            name = "";
        } else {
            name = shape->names[at];
            if (!path_argument(name))
                continue;
        }
        Py_CLEAR(path);
        list_clear(&bases);
        if (value == Py_None) {
            if (!listing)
                continue;
            path = PyBytes_FromString(".");
            if (path == NULL) {
                result = -1;
                break;
            }
        } else if (exact_int(value)) {
            continue; /* a descriptor: opened through a path already checked, or handed over */
        } else if ((status = path_of(value, &path)) <= 0) {
            result = status;
            break;
        }
        data = PyBytes_AS_STRING(path);
        size = (size_t)PyBytes_GET_SIZE(path);
        if (memchr(data, '\0', size) != NULL) {
            result = 0;
            break;
        }
        if (strcmp(event, "sqlite3.connect") == 0) {
            if (size == 0 || (size == 8 && memcmp(data, ":memory:", 8) == 0))
                continue;
            if (size >= 5 && ascii_lower_is(data, 5, "file:")) {
                result = 0; /* a URI: its file is not the text as a path */
                break;
            }
        }
        if (bytes_copy(&base, &cwd) < 0 || list_take(&bases, &base) < 0)
            goto memory;
        if (size == 0 || data[0] != '/') {
            if (shape != NULL && dir_fd_of(name, shape, args, &fd) && fd != Py_None) {
                /* Its type first: comparing a value of another type would run its own code. */
                if (!exact_int(fd)) {
                    result = 0;
                    break;
                }
                number = PyLong_AsLongAndOverflow(fd, &overflow);
                if (overflow > 0)
                    number = LONG_MAX;
                if (overflow >= 0 && number >= 0) {
                    list_clear(&bases);
                    if (fd_directory(number, &base) < 0 || list_take(&bases, &base) < 0)
                        goto memory;
                }
            } else if (strcmp(event, "open") == 0 && count > 1 && PyTuple_GET_ITEM(args, 1) == Py_None) {
                /* os.open: the event does not carry its dir_fd, so the path is read from every
                   folder the process could have opened it from. */
                status = open_directories(&bases);
                if (status <= 0) {
                    result = status;
                    break;
                }
            }
            if (strcmp(event, "os.symlink") == 0 && strcmp(name, "src") == 0) {
                /* A link's target is read from the link's own folder (None until dst is resolved). */
                list_clear(&bases);
                if (dst.data != NULL) {
                    index = dst.size;
                    while (index > 0 && dst.data[index - 1] != '/')
                        index--;
                    if (bytes_set(&base, dst.data, index > 1 ? index - 1 : 1) < 0)
                        goto memory;
                }
                if (list_take(&bases, &base) < 0)
                    goto memory;
            }
        }
        for (index = 0; index < bases.count && result == 1; index++) {
            status = absolute(data, size, &bases.items[index], &full);
            if (status < 0)
                goto memory;
            if (status == 0) {
                result = 0;
                break;
            }
            if (strcmp(name, "dst") == 0 && bytes_set(&dst, full.data, full.size) < 0)
                goto memory;
            if (!under(&full, &path_folders)) {
                /* The hook's own listing of its descriptors (open_directories, above). */
                if (!(listing && bytes_equal(&full, own, strlen(own))))
                    result = 0;
            }
            bytes_clear(&full);
        }
    }
    Py_XDECREF(path);
    list_clear(&bases);
    bytes_clear(&cwd);
    bytes_clear(&dst);
    bytes_clear(&full);
    return result;
memory:
    Py_XDECREF(path);
    list_clear(&bases);
    bytes_clear(&cwd);
    bytes_clear(&dst);
    bytes_clear(&full);
    bytes_clear(&base);
    return memory_error();
}

/* ---- hosts and ports */

enum found { FOUND_NONE, FOUND, FOUND_REFUSE };

static int ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_digit(char c)
{
    return ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* host_text(): an exact str, or exact bytes in ASCII, as a str (new) in *host: 1; 0 for None; -1 with an exception set. */
static int host_text(PyObject *value, PyObject **host)
{
    *host = NULL;
    if (PyUnicode_CheckExact(value)) {
        Py_INCREF(value);
        *host = value;
        return 1;
    }
    if (!PyBytes_CheckExact(value))
        return 0;
    *host = PyUnicode_DecodeASCII(PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value), "strict");
    if (*host != NULL)
        return 1;
    if (!PyErr_ExceptionMatches(PyExc_Exception))
        return -1;
    PyErr_Clear();
    return 0;
}

/* Whether text is plain ASCII digits and not empty (str.isascii() and str.isdigit()). */
static int ascii_digits(const char *text, size_t size)
{
    size_t at;
    for (at = 0; at < size; at++)
        if (!ascii_digit(text[at]))
            return 0;
    return size > 0;
}

/* port_number(): a port as an exact int (new) in *port: FOUND; FOUND_NONE for none (or a
   service's name: the connection's own event has the number); FOUND_REFUSE; -1 with an exception set. */
static int port_number(PyObject *value, PyObject **port)
{
    PyObject *text;
    int result = FOUND_NONE;
    *port = NULL;
    if (value == Py_None)
        return FOUND_NONE;
    if (PyBool_Check(value)) {
        *port = PyLong_FromLong(value == Py_True);
        return *port == NULL ? -1 : FOUND;
    }
    if (PyLong_CheckExact(value)) {
        Py_INCREF(value);
        *port = value;
        return FOUND;
    }
    if (PyUnicode_CheckExact(value))
        text = PyUnicode_AsEncodedString(value, "utf-8", "surrogatepass");
    else if (PyBytes_CheckExact(value))
        text = (Py_INCREF(value), value);
    else
        return FOUND_REFUSE;
    if (text == NULL)
        return -1;
    if (ascii_digits(PyBytes_AS_STRING(text), (size_t)PyBytes_GET_SIZE(text))) {
        /* int() of it: CPython's own limit on digits raises here as it does there. */
        *port = PyLong_FromString(PyBytes_AS_STRING(text), NULL, 10);
        result = *port == NULL ? -1 : FOUND;
    }
    Py_DECREF(text);
    return result;
}

static int hex_text(const char *text, size_t size)
{
    size_t at;
    if (size == 0 || size > 4)
        return 0;
    for (at = 0; at < size; at++)
        if (!hex_digit(text[at]))
            return 0;
    return 1;
}

/* ipv4_text(): four decimal octets up to 255, without leading zeros. */
static int ipv4_text(const char *text, size_t size)
{
    size_t at = 0, start, parts = 0, value;
    for (;;) {
        start = at;
        value = 0;
        while (at < size && text[at] != '.') {
            if (!ascii_digit(text[at]) || at - start >= 3)
                return 0;
            value = value * 10 + (size_t)(text[at++] - '0');
        }
        if (at == start || value > 255 || (text[start] == '0' && at - start > 1))
            return 0;
        parts++;
        if (at == size)
            return parts == 4;
        if (parts == 4)
            return 0;
        at++;
    }
}

struct span {
    const char *text;
    size_t size;
};

/* ipv6_text(): ipaddress.IPv6Address's syntax, a %zone included, step by step as policy.py reads it. */
static int ipv6_text(const char *text, size_t size)
{
    const char *zone = memchr(text, '%', size);
    struct span *parts, *high, *low;
    size_t count = 1, at, from = 0, empties = 0, gap = 0, high_count, low_count;
    int result = 0;
    if (zone != NULL) {
        size_t rest = size - (size_t)(zone - text) - 1;
        if (rest == 0 || memchr(zone + 1, '%', rest) != NULL)
            return 0;
        size = (size_t)(zone - text);
    }
    for (at = 0; at < size; at++)
        count += text[at] == ':';
    if (count < 3)
        return 0;
    parts = malloc((count + 1) * sizeof *parts);
    if (parts == NULL)
        return memory_error();
    count = 0;
    for (at = 0; at <= size; at++) {
        if (at < size && text[at] != ':')
            continue;
        parts[count].text = text + from;
        parts[count++].size = at - from;
        from = at + 1;
    }
    if (memchr(parts[count - 1].text, '.', parts[count - 1].size) != NULL) {
        if (!ipv4_text(parts[count - 1].text, parts[count - 1].size))
            goto done;
        /* The address's last 32 bits, as two hextets that pass. */
        parts[count - 1].text = "0";
        parts[count - 1].size = 1;
        parts[count].text = "0";
        parts[count++].size = 1;
    }
    for (at = 1; at + 1 < count; at++)
        if (parts[at].size == 0 && empties++ == 0)
            gap = at;
    high = parts;
    high_count = count;
    low = parts + count;
    low_count = 0;
    if (empties > 0) {
        if (empties > 1)
            goto done;
        high_count = gap;
        low = parts + gap + 1;
        low_count = count - gap - 1;
        if (high_count == 1 && high[0].size == 0)
            high_count = 0;
        if (low_count == 1 && low[0].size == 0)
            low_count = 0;
        if (high_count + low_count > 7)
            goto done;
    } else if (count != 8) {
        goto done;
    }
    for (at = 0; at < high_count; at++)
        if (!hex_text(high[at].text, high[at].size))
            goto done;
    for (at = 0; at < low_count; at++)
        if (!hex_text(low[at].text, low[at].size))
            goto done;
    result = 1;
done:
    free(parts);
    return result;
}

/* url_endpoint(): the host (str) and port (int, or NULL) of a URL as the newest
   urllib.parse.urlsplit reads them: FOUND; FOUND_REFUSE where it cannot read them; -1 with an exception set. */
static int url_endpoint(PyObject *url, PyObject **host, PyObject **port)
{
    PyObject *bytes = PyUnicode_AsEncodedString(url, "utf-8", "surrogatepass");
    const char *s, *end, *colon, *c, *netloc = "", *netloc_end, *hostinfo, *name, *name_end, *digits = "", *digits_end;
    const char *scheme = "";
    char *clean;
    size_t size = 0, scheme_size = 0;
    long number = 0;
    int result = FOUND_REFUSE, status;
    *host = *port = NULL;
    if (bytes == NULL)
        return -1;
    s = PyBytes_AS_STRING(bytes);
    end = s + PyBytes_GET_SIZE(bytes);
    clean = malloc((size_t)(end - s) + 1);
    if (clean == NULL) {
        Py_DECREF(bytes);
        return memory_error();
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
    /* The scheme: only http, https and ftp matter here (their ports). */
    colon = memchr(s, ':', size);
    if (colon != NULL && colon > s && ascii_alpha(*s)) {
        for (c = s; c < colon && (ascii_alpha(*c) || ascii_digit(*c) || *c == '+' || *c == '-' || *c == '.'); c++)
            ;
        if (c == colon) {
            scheme = s;
            scheme_size = (size_t)(colon - s);
            s = colon + 1;
        }
    }
    netloc_end = netloc;
    if (end - s >= 2 && s[0] == '/' && s[1] == '/') {
        netloc = netloc_end = s + 2;
        while (netloc_end < end && *netloc_end != '/' && *netloc_end != '?' && *netloc_end != '#')
            netloc_end++;
    }
    for (c = netloc; c < netloc_end; c++)
        if (*c & 0x80)
            goto done;
    if ((memchr(netloc, '[', (size_t)(netloc_end - netloc)) == NULL) != (memchr(netloc, ']', (size_t)(netloc_end - netloc)) == NULL))
        goto done;
    hostinfo = netloc_end;
    while (hostinfo > netloc && hostinfo[-1] != '@')
        hostinfo--;
    digits_end = digits;
    if (memchr(hostinfo, '[', (size_t)(netloc_end - hostinfo)) != NULL) {
        if (*hostinfo != '[')
            goto done;
        name = hostinfo + 1;
        name_end = memchr(name, ']', (size_t)(netloc_end - name));
        if (name_end == NULL)
            name_end = netloc_end;
        if (name < name_end && *name == 'v') {
            for (c = name + 1; c < name_end && hex_digit(*c); c++)
                ;
            if (!(c > name + 1 && c + 1 < name_end && *c == '.'))
                goto done;
        } else {
            status = ipv6_text(name, (size_t)(name_end - name));
            if (status <= 0) {
                result = status < 0 ? -1 : FOUND_REFUSE;
                goto done;
            }
        }
        if (name_end + 1 < netloc_end) {
            if (name_end[1] != ':')
                goto done;
            digits = name_end + 2;
            digits_end = netloc_end;
        }
    } else {
        name = hostinfo;
        name_end = memchr(hostinfo, ':', (size_t)(netloc_end - hostinfo));
        if (name_end == NULL) {
            name_end = netloc_end;
        } else {
            digits = name_end + 1;
            digits_end = netloc_end;
        }
    }
    if (digits < digits_end) {
        for (c = digits; c < digits_end && ascii_digit(*c) && number <= 65535; c++)
            number = number * 10 + (*c - '0');
        if (c < digits_end || number > 65535)
            goto done;
    } else if (ascii_lower_is(scheme, scheme_size, "http")) {
        number = 80;
    } else if (ascii_lower_is(scheme, scheme_size, "https")) {
        number = 443;
    } else if (ascii_lower_is(scheme, scheme_size, "ftp")) {
        number = 21;
    } else {
        number = -1;
    }
    *host = PyUnicode_DecodeASCII(name, name_end - name, "strict");
    if (*host == NULL) {
        result = -1;
        goto done;
    }
    if (number >= 0) {
        *port = PyLong_FromLong(number);
        if (*port == NULL) {
            Py_CLEAR(*host);
            result = -1;
            goto done;
        }
    }
    result = FOUND;
done:
    free(clean);
    return result;
}

/* The host and port of an address or a name, each read as policy.py reads it. */
static int host_and_port(PyObject *host_value, PyObject *port_value, PyObject **host, PyObject **port)
{
    int result = host_text(host_value, host);
    if (result <= 0)
        return result < 0 ? -1 : FOUND_REFUSE;
    result = port_number(port_value, port);
    if (result == FOUND_REFUSE || result < 0)
        Py_CLEAR(*host);
    return result < 0 ? -1 : result == FOUND_REFUSE ? FOUND_REFUSE : FOUND;
}

/* endpoint(): the (host, port) the event names: FOUND; FOUND_NONE where it names none; FOUND_REFUSE
   where it cannot be read; -1 with an exception set. */
static int endpoint(const struct shape *shape, PyObject *args, PyObject **host, PyObject **port)
{
    static const char *const url_keys[] = {"fullurl", "url"};
    static const char *const address_keys[] = {"address", "sockaddr"};
    static const char *const host_keys[] = {"host", "hostname", "ip_address", "computer_name"};
    PyObject *value;
    size_t at;
    *host = *port = NULL;
    for (at = 0; at < sizeof url_keys / sizeof url_keys[0]; at++) {
        value = named(shape, args, url_keys[at]);
        if (value != NULL)
            return PyUnicode_CheckExact(value) ? url_endpoint(value, host, port) : FOUND_REFUSE;
    }
    for (at = 0; at < sizeof address_keys / sizeof address_keys[0]; at++) {
        value = named(shape, args, address_keys[at]);
        if (value == NULL)
            continue;
        if (value == Py_None)
            return FOUND_NONE;
        if (PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) >= 2)
            return host_and_port(PyTuple_GET_ITEM(value, 0), PyTuple_GET_ITEM(value, 1), host, port);
        if (PyUnicode_CheckExact(value)) {
            /* A Unix socket's path, matched as a host's name. */
            Py_INCREF(value);
            *host = value;
            return FOUND;
        }
        return FOUND_REFUSE;
    }
    for (at = 0; at < sizeof host_keys / sizeof host_keys[0]; at++) {
        value = named(shape, args, host_keys[at]);
        if (value == NULL)
            continue;
        if (value == Py_None)
            return FOUND_NONE;
        return host_and_port(value, got(shape, args, "port"), host, port);
    }
    return FOUND_NONE;
}

/* text.lower() (an exact str's own method) as code points, taking the reference to text. */
static int lowered(PyObject *text, struct ucs4 *out)
{
    PyObject *lower = text == NULL ? NULL : PyObject_CallMethod(text, "lower", NULL);
    Py_XDECREF(text);
    return ucs4_from(lower, out);
}

/* One entry of hosts_allowed: pattern[:port], the pattern lowered as the host is, the port as its digits. */
static int host_matches(const struct ucs4 *host, PyObject *port, const struct text *entry)
{
    struct ucs4 pattern = {NULL, 0}, digits = {NULL, 0}, wanted = {NULL, 0};
    size_t at, colons = 0, split = entry->size;
    int result;
    for (at = 0; at < entry->size; at++)
        if (entry->bytes[at] == ':') {
            colons++;
            split = at;
        }
    if (colons != 1)
        split = entry->size;
    if (lowered(PyUnicode_DecodeUTF8(entry->bytes, (Py_ssize_t)split, "strict"), &pattern) < 0)
        return -1;
    result = wildcard(host, &pattern);
    ucs4_clear(&pattern);
    /* No port, or *: any port, or none. */
    if (result <= 0 || split == entry->size || (entry->size - split == 2 && entry->bytes[split + 1] == '*') || entry->size - split == 1)
        return result;
    if (port == NULL)
        return 0;
    /* str(port), an exact int's own: CPython's limit on digits raises here as it does there. */
    if (ucs4_from(PyObject_Str(port), &digits) < 0 || ucs4_of_entry(entry->bytes + split + 1, entry->size - split - 1, &wanted) < 0)
        result = -1;
    else
        result = wildcard(&digits, &wanted);
    ucs4_clear(&digits);
    ucs4_clear(&wanted);
    return result;
}

/* hosts_allowed(): the host and port the event names match an entry; an event that names none passes. */
static int hosts_allowed(const struct shape *shape, PyObject *args)
{
    PyObject *host, *port;
    struct ucs4 lower = {NULL, 0};
    const struct text *entry;
    int result;
    if (shape == NULL)
        return 0;
    result = endpoint(shape, args, &host, &port);
    if (result != FOUND)
        return result < 0 ? -1 : result == FOUND_NONE;
    result = lowered(host, &lower);
    for (entry = allow_hosts; result == 0 && entry->bytes != NULL; entry++)
        result = host_matches(&lower, port, entry);
    ucs4_clear(&lower);
    Py_XDECREF(port);
    return result;
}

/* ---- programs, and what they are given (plain C, at install) */

/* The environment the process held at install (environ, which os.environ keeps in step), as
   name and value pairs of bytes, the first of a name only, as posix.environ reads it. */
static struct byte_list initial_names, initial_values;
/* PATH's folders as that environment held them, as written, and resolved. */
static struct byte_list start_path, path_folders_for_names;
/* os.environ's data as the process holds it now (posix.environ), taken with the snapshot. */
static PyObject *live_environ;
/* The list of programs: exact files (resolved), patterns, and whole commands. */
static struct byte_list program_files_exact;
struct program_pattern {
    int on_path_only; /* a bare wildcard: the file's name, in one of PATH's folders */
    struct bytes pattern;
};
static struct program_pattern *program_patterns;
static size_t program_pattern_count;
static const struct text **commands;
static size_t command_count;
/* /bin/sh as it resolved at install. */
static struct bytes system_shell;

static int risky(const char *key, size_t size)
{
    const struct text *known;
    for (known = risky_names; known->bytes != NULL; known++)
        if (known->size == size && memcmp(known->bytes, key, size) == 0)
            return 1;
    for (known = risky_prefixes; known->bytes != NULL; known++)
        if (size >= known->size && memcmp(known->bytes, key, known->size) == 0)
            return 1;
    return 0;
}

static int initially(const char *key, size_t key_size, const char *value, size_t value_size)
{
    size_t at;
    for (at = 0; at < initial_names.count; at++)
        if (bytes_equal(&initial_names.items[at], key, key_size))
            return value == NULL || bytes_equal(&initial_values.items[at], value, value_size);
    return 0;
}

/* A str as os.fsencode makes it, or bytes as they are, in *bytes (new): 1; 0 for any other type; -1 with an exception set. */
static int fs_bytes(PyObject *value, PyObject **bytes)
{
    *bytes = NULL;
    if (PyUnicode_CheckExact(value)) {
        *bytes = PyUnicode_EncodeFSDefault(value);
        return *bytes == NULL ? -1 : 1;
    }
    if (PyBytes_CheckExact(value)) {
        Py_INCREF(value);
        *bytes = value;
        return 1;
    }
    return 0;
}

/* One pair of a child's environment: 1 where it passes. */
static int pair_allowed(PyObject *key_value, PyObject *value_value)
{
    PyObject *key, *value;
    int result = fs_bytes(key_value, &key);
    if (result <= 0)
        return result;
    result = fs_bytes(value_value, &value);
    if (result > 0) {
        result = !risky(PyBytes_AS_STRING(key), (size_t)PyBytes_GET_SIZE(key)) ||
                 initially(PyBytes_AS_STRING(key), (size_t)PyBytes_GET_SIZE(key), PyBytes_AS_STRING(value), (size_t)PyBytes_GET_SIZE(value));
        Py_DECREF(value);
    }
    Py_DECREF(key);
    return result;
}

/* environment_allowed(): a child's environment: the process's own (None), or one that changes no
   variable that loads code or finds commands. */
static int environment_allowed(PyObject *env)
{
    PyObject *key, *value, *item, *pair_key, *pair_value;
    Py_ssize_t position = 0, at;
    const char *data, *equals;
    int result;
    if (env == Py_None)
        return 1;
    if (PyDict_CheckExact(env)) {
        /* Each key with its own value, as the dict holds them: no key is hashed or compared again. */
        while (PyDict_Next(env, &position, &key, &value)) {
            Py_INCREF(key);
            Py_INCREF(value);
            result = pair_allowed(key, value);
            Py_DECREF(key);
            Py_DECREF(value);
            if (result <= 0)
                return result;
        }
        return 1;
    }
    if (!exact_sequence(env))
        return 0;
    /* Each item "NAME=value" as bytes: all must be before any is looked at, as in policy.py. */
    for (at = 0; at < Py_SIZE(env); at++) {
        item = item_of(env, at);
        if (!PyBytes_CheckExact(item) || PyBytes_GET_SIZE(item) < 2 || memchr(PyBytes_AS_STRING(item) + 1, '=', (size_t)PyBytes_GET_SIZE(item) - 1) == NULL)
            return 0;
    }
    for (at = 0; at < Py_SIZE(env); at++) {
        item = item_of(env, at);
        data = PyBytes_AS_STRING(item);
        equals = memchr(data + 1, '=', (size_t)PyBytes_GET_SIZE(item) - 1);
        pair_key = PyBytes_FromStringAndSize(data, equals - data);
        pair_value = pair_key == NULL ? NULL : PyBytes_FromStringAndSize(equals + 1, PyBytes_GET_SIZE(item) - (equals + 1 - data));
        result = pair_value == NULL ? -1 : pair_allowed(pair_key, pair_value);
        Py_XDECREF(pair_key);
        Py_XDECREF(pair_value);
        if (result <= 0)
            return result;
    }
    return 1;
}

/* search_path(): PATH's folders as the hook started, and those os.environ holds now if it holds
   others: subprocess and os.execvp find a bare name on os.environ's PATH, which a program can change
   without an event (os.environ._data). 1 (in *folders), 0 where that PATH is not bytes, or -1. */
static int search_path(struct byte_list *folders)
{
    PyObject *key, *value;
    Py_ssize_t at = 0;
    const char *data, *end, *colon;
    size_t index;
    int same = 1;
    for (index = 0; index < start_path.count; index++)
        if (list_copy(folders, start_path.items[index].data, start_path.items[index].size) < 0)
            return -1;
    if (live_environ == NULL)
        return 1;
    while (PyDict_Next(live_environ, &at, &key, &value)) {
        if (!PyBytes_CheckExact(key) || PyBytes_GET_SIZE(key) != 4 || memcmp(PyBytes_AS_STRING(key), "PATH", 4) != 0)
            continue;
        if (!PyBytes_CheckExact(value))
            return 0;
        data = PyBytes_AS_STRING(value);
        end = data + PyBytes_GET_SIZE(value);
        /* The same folders as at the start, or these after them. */
        for (index = 0; same && index <= start_path.count; index++) {
            colon = memchr(data, ':', (size_t)(end - data));
            if (index == start_path.count || colon == NULL) {
                same = index + 1 == start_path.count && colon == NULL && bytes_equal(&start_path.items[index], data, (size_t)(end - data));
                break;
            }
            same = bytes_equal(&start_path.items[index], data, (size_t)(colon - data));
            data = colon + 1;
        }
        if (same)
            return 1;
        data = PyBytes_AS_STRING(value);
        for (;;) {
            colon = memchr(data, ':', (size_t)(end - data));
            if (list_copy(folders, data, colon != NULL ? (size_t)(colon - data) : (size_t)(end - data)) < 0)
                return -1;
            if (colon == NULL)
                break;
            data = colon + 1;
        }
        return 1;
    }
    return 1;
}

/* on_path(): what a bare program name stands for on PATH (search_path): every match, first first;
   -2 where PATH cannot be read. */
static int on_path(const char *name, size_t size, struct byte_list *found)
{
    struct bytes cwd = {NULL, 0}, candidate = {NULL, 0}, full = {NULL, 0};
    struct byte_list folders = {NULL, 0};
    struct stat status;
    size_t at;
    int result = search_path(&folders);
    if (result <= 0) {
        list_clear(&folders);
        return result == 0 ? -2 : -1;
    }
    result = 0;
    if (working_directory(&cwd) < 0) {
        list_clear(&folders);
        return -1;
    }
    for (at = 0; at < folders.count && result == 0; at++) {
        const struct bytes *folder = &folders.items[at];
        if (bytes_set(&candidate, folder->size > 0 ? folder->data : ".", folder->size > 0 ? folder->size : 1) < 0 || bytes_append(&candidate, "/", 1) < 0 ||
            bytes_append(&candidate, name, size) < 0) {
            result = -1;
            break;
        }
        result = absolute(candidate.data, candidate.size, &cwd, &full);
        if (result <= 0) {
            result = result < 0 ? -1 : 0;
            continue;
        }
        result = 0;
        if (lstat(full.data, &status) == 0 && list_take(found, &full) < 0)
            result = -1;
        bytes_clear(&full);
    }
    list_clear(&folders);
    bytes_clear(&cwd);
    bytes_clear(&candidate);
    return result;
}

/* program_allowed(): a resolved program file is one the list names (a bare name as PATH found it at install). */
static int program_allowed(const struct bytes *full)
{
    const struct program_pattern *pattern;
    struct ucs4 name = {NULL, 0}, wanted = {NULL, 0};
    size_t at = full->size, index;
    int result = 0;
    if (list_has(&program_files_exact, full->data, full->size))
        return 1;
    while (at > 0 && full->data[at - 1] != '/')
        at--;
    /* at is past the last slash: the folder is full[:at - 1], or / */
    for (index = 0; index < program_pattern_count && result == 0; index++) {
        pattern = &program_patterns[index];
        if (pattern->on_path_only && !list_has(&path_folders_for_names, at > 1 ? full->data : "/", at > 1 ? at - 1 : 1))
            continue;
        /* Both as os.fsdecode reads them, as policy.py matches them. */
        if (ucs4_of_fs(pattern->on_path_only ? full->data + at : full->data, pattern->on_path_only ? full->size - at : full->size, &name) < 0 ||
            ucs4_of_fs(pattern->pattern.data, pattern->pattern.size, &wanted) < 0)
            result = -1;
        else
            result = wildcard(&name, &wanted);
        ucs4_clear(&name);
        ucs4_clear(&wanted);
    }
    return result;
}

/* program_files(): the files a program argument may run: the one a path names, or each match of a
   bare name, in *files: 1; 0 to refuse (None); -1 with an exception set. */
static int program_files(PyObject *value, const struct bytes *cwd, int search, struct byte_list *files)
{
    PyObject *path;
    struct bytes full = {NULL, 0};
    struct byte_list found = {NULL, 0};
    struct stat status;
    const char *data;
    size_t size, at;
    int result = path_of(value, &path);
    if (result <= 0)
        return result;
    data = PyBytes_AS_STRING(path);
    size = (size_t)PyBytes_GET_SIZE(path);
    if (size == 0 || memchr(data, '\0', size) != NULL) {
        result = 0;
    } else if (memchr(data, '/', size) != NULL) {
        result = absolute(data, size, cwd, &full);
        if (result > 0 && list_take(files, &full) < 0)
            result = -1;
    } else {
        result = search ? on_path(data, size, &found) : 0;
        if (result == -2)
            result = 0; /* PATH cannot be read: refused */
        else if (result == 0)
            result = absolute(data, size, cwd, &full);
        else
            result = -1;
        if (result > 0) {
            /* A bare name also runs from the working directory where PATH misses. */
            if (lstat(full.data, &status) == 0 && list_take(&found, &full) < 0)
                result = -1;
            else
                result = found.count > 0;
            for (at = 0; result > 0 && at < found.count; at++)
                if (list_take(files, &found.items[at]) < 0)
                    result = -1;
        }
    }
    Py_DECREF(path);
    bytes_clear(&full);
    list_clear(&found);
    return result < 0 ? memory_error() : result;
}

/* The programs whose -c argument is a command a shell reads. */
static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh", "busybox", NULL};

/* item == "-c", or an option like -ec that ends in c (str or bytes): the next item is the command. */
static int dash_c(PyObject *item)
{
    Py_ssize_t size;
    if (PyBytes_CheckExact(item)) {
        const char *data = PyBytes_AS_STRING(item);
        size = PyBytes_GET_SIZE(item);
        return size >= 2 && data[0] == '-' && data[size - 1] == 'c' && data[1] != '-';
    }
    size = PyUnicode_GetLength(item);
    return size >= 2 && PyUnicode_ReadChar(item, 0) == '-' && PyUnicode_ReadChar(item, size - 1) == 'c' && PyUnicode_ReadChar(item, 1) != '-';
}

enum shell { SHELL_NONE, SHELL_COMMAND, SHELL_REFUSE };

/* shell_command(): the command a shell program is given with -c, in *command (new): SHELL_COMMAND;
   SHELL_NONE where the program is no shell, or has no -c; SHELL_REFUSE where unreadable. */
static int shell_command(const struct byte_list *files, PyObject *argv, PyObject **command)
{
    const char *const *shell;
    const struct bytes *full;
    PyObject *item;
    size_t at, start;
    Py_ssize_t index;
    int is_shell = 0;
    *command = NULL;
    for (at = 0; at < files->count; at++) {
        full = &files->items[at];
        start = full->size;
        while (start > 0 && full->data[start - 1] != '/')
            start--;
        if (bytes_equal(&system_shell, full->data, full->size))
            is_shell = 1;
        for (shell = shells; *shell != NULL; shell++)
            if (full->size - start == strlen(*shell) && memcmp(full->data + start, *shell, full->size - start) == 0)
                is_shell = 1;
    }
    if (!is_shell)
        return SHELL_NONE;
    if (argv == NULL || !exact_sequence(argv))
        return SHELL_REFUSE;
    for (index = 1; index < Py_SIZE(argv); index++) {
        item = item_of(argv, index);
        if (!PyUnicode_CheckExact(item) && !PyBytes_CheckExact(item))
            return SHELL_REFUSE;
        if (dash_c(item)) {
            if (index + 1 >= Py_SIZE(argv))
                return SHELL_REFUSE;
            *command = item_of(argv, index + 1);
            Py_INCREF(*command);
            return SHELL_COMMAND;
        }
    }
    return SHELL_NONE;
}

/* command_allowed(): a shell command is allowed as a whole, exactly as the list holds it: a shell reads anything in it. */
static int command_allowed(PyObject *command)
{
    PyObject *bytes = NULL;
    size_t at;
    int result;
    if (PyBytes_CheckExact(command)) {
        if (!utf8_valid(PyBytes_AS_STRING(command), (size_t)PyBytes_GET_SIZE(command)))
            return 0;
        Py_INCREF(command);
        bytes = command;
    } else if (!PyUnicode_CheckExact(command)) {
        return 0;
    } else if ((result = utf8_of(command, &bytes)) <= 0) {
        return result;
    }
    result = 0;
    for (at = 0; at < command_count && !result; at++)
        result = commands[at]->size == (size_t)PyBytes_GET_SIZE(bytes) && memcmp(commands[at]->bytes, PyBytes_AS_STRING(bytes), commands[at]->size) == 0;
    Py_DECREF(bytes);
    return result;
}

/* The program an argv (a str, bytes, or a list or tuple) names first: borrowed, or NULL to refuse. */
static PyObject *first_of(PyObject *argv)
{
    if (PyUnicode_CheckExact(argv) || PyBytes_CheckExact(argv))
        return argv;
    if (exact_sequence(argv) && Py_SIZE(argv) > 0)
        return item_of(argv, 0);
    return NULL;
}

/* programs_allowed(): the program the event starts, as the OS finds it, is allowed, and so is what it is given. */
static int programs_allowed(const char *event, const struct shape *shape, PyObject *args)
{
    struct bytes cwd = {NULL, 0}, moved = {NULL, 0};
    struct byte_list files = {NULL, 0}, more = {NULL, 0};
    struct stat status;
    PyObject *argv = NULL, *program, *where, *moved_to, *exec_list, *command = NULL;
    Py_ssize_t at;
    size_t index;
    int result;
    if (shape == NULL)
        return 0;
    result = environment_allowed(got(shape, args, "env"));
    if (result <= 0)
        return result;
    if (strcmp(event, "os.system") == 0)
        return command_allowed(got(shape, args, "command"));
    if (working_directory(&cwd) < 0)
        return memory_error();
    if (strcmp(event, "subprocess.Popen") == 0) {
        where = got(shape, args, "cwd");
        if (where != Py_None) {
            result = path_of(where, &moved_to);
            if (result <= 0)
                goto done;
            result = absolute(PyBytes_AS_STRING(moved_to), (size_t)PyBytes_GET_SIZE(moved_to), &cwd, &moved);
            Py_DECREF(moved_to);
            if (result < 0) {
                result = memory_error();
                goto done;
            }
            bytes_clear(&cwd);
            cwd = moved;
        }
        argv = got(shape, args, "args");
        program = got(shape, args, "executable");
        if (program == Py_None && (program = first_of(argv)) == NULL) {
            result = 0;
            goto done;
        }
        result = program_files(program, &cwd, 1, &files);
    } else if (strcmp(event, "_posixsubprocess.fork_exec") == 0) {
        /* The child runs the first of exec_list it can: each of them must be allowed. */
        argv = got(shape, args, "args");
        exec_list = got(shape, args, "exec_list");
        if (!exact_sequence(exec_list) || Py_SIZE(exec_list) == 0) {
            result = 0;
            goto done;
        }
        /* subprocess lists every folder of PATH; the child runs the first file there is. */
        result = 1;
        for (at = 0; at < Py_SIZE(exec_list) && result > 0; at++) {
            program = item_of(exec_list, at);
            Py_INCREF(program);
            result = program_files(program, &cwd, 0, &more);
            Py_DECREF(program);
            for (index = 0; result > 0 && index < more.count; index++)
                if (lstat(more.items[index].data, &status) == 0 && list_take(&files, &more.items[index]) < 0)
                    result = memory_error();
            list_clear(&more);
        }
        if (result > 0 && files.count == 0)
            result = 0;
    } else if (strcmp(event, "os.exec") == 0 || strcmp(event, "os.posix_spawn") == 0 || strcmp(event, "os.spawn") == 0) {
        argv = named(shape, args, "args");
        if (argv == NULL)
            argv = got(shape, args, "argv");
        if (PyLong_CheckExact(got(shape, args, "path"))) {
            result = 0; /* exec through a descriptor: no path to allow */
            goto done;
        }
        result = program_files(got(shape, args, "path"), &cwd, 1, &files);
    } else if (strcmp(event, "pty.spawn") == 0) {
        argv = got(shape, args, "argv");
        program = first_of(argv);
        result = program == NULL ? 0 : program_files(program, &cwd, 1, &files);
    } else {
        result = 0; /* fork, kill, limits, another process: they name no program to allow */
    }
    if (result <= 0)
        goto done;
    result = shell_command(&files, argv, &command);
    if (result == SHELL_REFUSE) {
        result = 0;
    } else if (result == SHELL_COMMAND) {
        result = command_allowed(command);
    } else {
        result = 1;
        for (index = 0; index < files.count && result > 0; index++)
            result = program_allowed(&files.items[index]);
    }
done:
    Py_XDECREF(command);
    bytes_clear(&cwd);
    list_clear(&files);
    return result;
}

/* environment_change_allowed(): under an allow-list of programs, no variable that loads code into a child or finds its commands changes. */
static int environment_change_allowed(const char *event, PyObject *args)
{
    PyObject *key, *value;
    size_t at;
    int result;
    if (strcmp(event, "os._clearenv") == 0) {
        for (at = 0; at < initial_names.count; at++)
            if (risky(initial_names.items[at].data, initial_names.items[at].size))
                return 0;
        return 1;
    }
    if (PyTuple_GET_SIZE(args) == 0)
        return 0;
    result = fs_bytes(PyTuple_GET_ITEM(args, 0), &key);
    if (result <= 0)
        return result;
    if (!risky(PyBytes_AS_STRING(key), (size_t)PyBytes_GET_SIZE(key))) {
        result = 1;
    } else if (strcmp(event, "os.unsetenv") == 0) {
        result = !initially(PyBytes_AS_STRING(key), (size_t)PyBytes_GET_SIZE(key), NULL, 0);
    } else if (PyTuple_GET_SIZE(args) < 2) {
        result = 0;
    } else {
        result = fs_bytes(PyTuple_GET_ITEM(args, 1), &value);
        if (result > 0) {
            result = initially(PyBytes_AS_STRING(key), (size_t)PyBytes_GET_SIZE(key), PyBytes_AS_STRING(value), (size_t)PyBytes_GET_SIZE(value));
            Py_DECREF(value);
        }
    }
    Py_DECREF(key);
    return result;
}

/* ---- modules and native libraries */

/* Entries with a slash: a library by its path, resolved at install. */
static struct byte_list library_files;

/* name_allowed(): the module (a str), a submodule of it, or a wildcard over its name. */
static int name_allowed(PyObject *name)
{
    const struct text *entry;
    struct ucs4 text = {NULL, 0}, wanted = {NULL, 0};
    int result = 0;
    Py_INCREF(name);
    if (ucs4_from(name, &text) < 0)
        return -1;
    for (entry = allow_modules; result == 0 && entry->bytes != NULL; entry++) {
        if (memchr(entry->bytes, '/', entry->size) != NULL)
            continue;
        if (ucs4_of_entry(entry->bytes, entry->size, &wanted) < 0) {
            result = -1;
            break;
        }
        if (ucs4_equal(&text, wanted.data, wanted.size) ||
            (text.size > wanted.size && text.data[wanted.size] == '.' && memcmp(text.data, wanted.data, (size_t)wanted.size * sizeof *wanted.data) == 0))
            result = 1;
        else
            result = wildcard(&text, &wanted);
        ucs4_clear(&wanted);
    }
    ucs4_clear(&text);
    return result;
}

/* shadowed(): whether a folder of a search path (sys.path, or a package's __path__) other than
   the module folders holds a module of that name (one part of a dotted name), or may. */
static int shadowed(PyObject *part, PyObject *search)
{
    PyObject *top, *entry, *folder;
    struct bytes cwd = {NULL, 0}, full = {NULL, 0}, candidate = {NULL, 0};
    struct stat status;
    Py_ssize_t at;
    size_t index;
    int result = 0;
    top = PyUnicode_EncodeFSDefault(part);
    if (top == NULL)
        return -1;
    if (working_directory(&cwd) < 0) {
        Py_DECREF(top);
        return memory_error();
    }
    /* Item by item as the list is now: pathlib's own code may run for an entry, and change it. */
    for (at = 0; at < PyList_GET_SIZE(search) && result == 0; at++) {
        entry = PyList_GET_ITEM(search, at);
        Py_INCREF(entry);
        result = path_of(entry, &folder);
        Py_DECREF(entry);
        if (result <= 0) {
            result = result < 0 ? -1 : 1;
            break;
        }
        result = PyBytes_GET_SIZE(folder) > 0 ? absolute(PyBytes_AS_STRING(folder), (size_t)PyBytes_GET_SIZE(folder), &cwd, &full) : absolute(".", 1, &cwd, &full);
        Py_DECREF(folder);
        if (result <= 0) {
            result = result < 0 ? memory_error() : 1;
            break;
        }
        result = 0;
        if (under(&full, &module_folders) || lstat(full.data, &status) != 0) {
            bytes_clear(&full);
            continue;
        }
        if (!S_ISDIR(status.st_mode)) {
            result = 1; /* a zip archive, or anything else a finder may read modules from */
            break;
        }
        if (memchr(PyBytes_AS_STRING(top), '\0', (size_t)PyBytes_GET_SIZE(top)) != NULL) {
            PyErr_SetString(PyExc_ValueError, "embedded null byte"); /* lstat's, in policy.py */
            result = -1;
            break;
        }
        for (index = 0; index <= suffixes.count && result == 0; index++) {
            if (bytes_set(&candidate, full.data, full.size) < 0 || bytes_append(&candidate, "/", 1) < 0 ||
                bytes_append(&candidate, PyBytes_AS_STRING(top), (size_t)PyBytes_GET_SIZE(top)) < 0 ||
                (index > 0 && bytes_append(&candidate, suffixes.items[index - 1].data, suffixes.items[index - 1].size) < 0)) {
                result = memory_error();
                break;
            }
            if (lstat(candidate.data, &status) == 0)
                result = 1;
        }
        bytes_clear(&full);
    }
    Py_DECREF(top);
    bytes_clear(&cwd);
    bytes_clear(&full);
    bytes_clear(&candidate);
    return result;
}

/* Whether every item of an exact list is one of the objects held (the same object, not an equal one). */
static int all_known(PyObject *list, PyObject *const *known, Py_ssize_t count)
{
    Py_ssize_t at, index;
    int found;
    for (at = 0; at < PyList_GET_SIZE(list); at++) {
        found = 0;
        for (index = 0; index < count && !found; index++)
            found = PyList_GET_ITEM(list, at) == known[index];
        if (!found)
            return 0;
    }
    return 1;
}

/* The value of an exact str key of an exact dict, as the dict holds it (borrowed; NULL where none):
   looking a key up would run the __eq__ of a key of another type. */
static PyObject *held_value(PyObject *dict, const char *key)
{
    PyObject *name, *value;
    Py_ssize_t at = 0;
    while (PyDict_Next(dict, &at, &name, &value))
        if (PyUnicode_CheckExact(name) && PyUnicode_CompareWithASCIIString(name, key) == 0)
            return value;
    return NULL;
}

/* Whether an import of a module allowed by name finds it where the hook started: a top-level
   module on sys.path, a submodule on its package's __path__ (which a program can change without an
   event), with no folder outside the module folders holding one of that name. 1, 0, or -1. */
static int submodule_found(PyObject *name, PyObject *search)
{
    PyObject *parent, *last, *package = NULL, *key, *value, *found;
    Py_ssize_t dot, at = 0, length = PyUnicode_GetLength(name);
    int result;
    dot = PyUnicode_FindChar(name, '.', 0, length, -1);
    if (dot == -2)
        return -1;
    if (dot == -1) {
        result = shadowed(name, search);
        return result < 0 ? -1 : !result;
    }
    parent = PyUnicode_Substring(name, 0, dot);
    if (parent == NULL)
        return -1;
    while (PyDict_Next(PyImport_GetModuleDict(), &at, &key, &value))
        if (PyUnicode_CheckExact(key) && PyUnicode_Compare(key, parent) == 0)
            package = value;
    Py_DECREF(parent);
    /* Not loaded yet (the event comes before its package's): the package is imported first, under
       its own event, with the __path__ it is loaded with. */
    if (package == NULL)
        return 1;
    if (!PyModule_Check(package))
        return 0;
    found = held_value(PyModule_GetDict(package), "__path__");
    if (found == NULL || !PyList_CheckExact(found))
        return 0; /* a namespace package's path, or none: not read */
    for (at = 0; at < PyList_GET_SIZE(found); at++)
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(found, at)))
            return 0;
    last = PyUnicode_Substring(name, dot + 1, length);
    if (last == NULL)
        return -1;
    Py_INCREF(found);
    result = shadowed(last, found);
    Py_DECREF(found);
    Py_DECREF(last);
    return result < 0 ? -1 : !result;
}

/* modules_allowed(): a module allowed by name and found where the hook started; a native library by its resolved path or bare name. */
static int modules_allowed(const char *event, const struct shape *shape, PyObject *args)
{
    PyObject *name, *filename, *search, *meta_path, *hooks, *value, *path;
    struct bytes cwd = {NULL, 0}, full = {NULL, 0};
    const char *data;
    size_t size;
    int result;
    if (shape == NULL)
        return 0;
    if (strcmp(event, "import") == 0) {
        name = got(shape, args, "module");
        if (!PyUnicode_CheckExact(name) || PyUnicode_GetLength(name) == 0)
            return 0;
        result = name_allowed(name);
        if (result <= 0)
            return result;
        filename = got(shape, args, "filename");
        if (filename != Py_None) {
            /* An extension module being loaded: only from a module folder. */
            result = path_of(filename, &path);
            if (result <= 0)
                return result;
            if (working_directory(&cwd) < 0 || (result = absolute(PyBytes_AS_STRING(path), (size_t)PyBytes_GET_SIZE(path), &cwd, &full)) < 0) {
                Py_DECREF(path);
                bytes_clear(&cwd);
                return memory_error();
            }
            Py_DECREF(path);
            result = result > 0 && under(&full, &module_folders);
            bytes_clear(&cwd);
            bytes_clear(&full);
            return result;
        }
        search = got(shape, args, "sys.path");
        meta_path = got(shape, args, "sys.meta_path");
        hooks = got(shape, args, "sys.path_hooks");
        if (!PyList_CheckExact(search) || !PyList_CheckExact(meta_path) || !PyList_CheckExact(hooks))
            return 0;
        if (!all_known(meta_path, finders, finder_count) || !all_known(hooks, path_hooks, path_hook_count))
            return 0;
        return submodule_found(name, search);
    }
    if (strcmp(event, "ctypes.dlopen") == 0 || strcmp(event, "sqlite3.load_extension") == 0) {
        value = named(shape, args, "name");
        if (value == NULL)
            value = got(shape, args, "path");
        if (value == Py_None)
            return strcmp(event, "ctypes.dlopen") == 0; /* the program itself: nothing new is loaded */
        result = path_of(value, &path);
        if (result <= 0)
            return result;
        data = PyBytes_AS_STRING(path);
        size = (size_t)PyBytes_GET_SIZE(path);
        if (size == 0 || memchr(data, '\0', size) != NULL) {
            result = 0;
        } else if (memchr(data, '/', size) != NULL) {
            if (working_directory(&cwd) < 0 || (result = absolute(data, size, &cwd, &full)) < 0)
                result = memory_error();
            else
                result = result > 0 && list_has(&library_files, full.data, full.size);
            bytes_clear(&cwd);
            bytes_clear(&full);
        } else {
            /* A bare name, as os.fsdecode reads it. */
            value = PyUnicode_DecodeFSDefaultAndSize(data, (Py_ssize_t)size);
            result = value == NULL ? -1 : name_allowed(value);
            Py_XDECREF(value);
        }
        Py_DECREF(path);
        return result;
    }
    name = got(shape, args, "name");
    if (PyBytes_CheckExact(name)) {
        value = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(name), PyBytes_GET_SIZE(name), "surrogateescape");
        result = value == NULL ? -1 : PyUnicode_GetLength(value) > 0 ? name_allowed(value) : 0;
        Py_XDECREF(value);
        return result;
    }
    return PyUnicode_CheckExact(name) && PyUnicode_GetLength(name) > 0 ? name_allowed(name) : 0;
}

/* ---- the snapshot */

static void held_release(PyObject **items, Py_ssize_t count)
{
    Py_ssize_t at;
    for (at = 0; items != NULL && at < count; at++)
        Py_XDECREF(items[at]);
    free(items);
}

/* tuple(sequence) as held objects, in *items. */
static int held_items(PyObject *sequence, PyObject ***items, Py_ssize_t *count)
{
    PyObject *tuple = sequence == NULL ? NULL : PySequence_Tuple(sequence);
    Py_ssize_t at;
    *items = NULL;
    *count = 0;
    if (tuple == NULL)
        return -1;
    *items = calloc((size_t)PyTuple_GET_SIZE(tuple) + 1, sizeof **items);
    if (*items == NULL) {
        Py_DECREF(tuple);
        return memory_error();
    }
    for (at = 0; at < PyTuple_GET_SIZE(tuple); at++) {
        (*items)[at] = PyTuple_GET_ITEM(tuple, at);
        Py_INCREF((*items)[at]);
    }
    *count = PyTuple_GET_SIZE(tuple);
    Py_DECREF(tuple);
    return 0;
}

static void path_class_release(struct path_class *known)
{
    Py_ssize_t at;
    for (at = 0; known->mro != NULL && at < known->depth; at++) {
        Py_XDECREF(known->mro[at].klass);
        held_release(known->mro[at].items, 2 * known->mro[at].size);
    }
    free(known->mro);
    Py_XDECREF(known->cls);
}

/* One of pathlib's classes, its mro and each mro class's dict, held as they are now. */
static int path_class_take(PyObject *module, const char *name, struct path_class *known)
{
    PyObject *mro, *dict, *key, *value;
    Py_ssize_t at, item, position;
    memset(known, 0, sizeof *known);
    known->cls = PyObject_GetAttrString(module, name);
    if (known->cls == NULL)
        return -1;
    mro = PyType_Check(known->cls) ? ((PyTypeObject *)known->cls)->tp_mro : NULL;
    if (mro == NULL || !PyTuple_Check(mro)) {
        PyErr_Format(PyExc_TypeError, "pathlib.%s is not a class", name);
        return -1;
    }
    known->mro = calloc((size_t)PyTuple_GET_SIZE(mro), sizeof *known->mro);
    if (known->mro == NULL)
        return memory_error();
    known->depth = PyTuple_GET_SIZE(mro);
    for (at = 0; at < known->depth; at++) {
        struct class_contents *contents = &known->mro[at];
        contents->klass = PyTuple_GET_ITEM(mro, at);
        Py_INCREF(contents->klass);
        dict = type_dict((PyTypeObject *)contents->klass);
        if (dict == NULL)
            return -1;
        contents->items = calloc(2 * (size_t)PyDict_Size(dict) + 1, sizeof *contents->items);
        if (contents->items == NULL) {
            Py_DECREF(dict);
            return memory_error();
        }
        position = 0;
        for (item = 0; PyDict_Next(dict, &position, &key, &value); item++) {
            Py_INCREF(key);
            Py_INCREF(value);
            contents->items[2 * item] = key;
            contents->items[2 * item + 1] = value;
            contents->size = item + 1;
        }
        Py_DECREF(dict);
    }
    return 0;
}

/* getattr(value, name, None): only AttributeError gives None. */
static PyObject *attribute_or_none(PyObject *value, const char *name)
{
    PyObject *found = PyObject_GetAttrString(value, name);
    if (found != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return found;
    PyErr_Clear();
    Py_INCREF(Py_None);
    return Py_None;
}

/* list.extend(more), for any iterable. */
static int list_extend(PyObject *list, PyObject *more)
{
    PyObject *items = PySequence_List(more);
    int result;
    if (items == NULL)
        return -1;
    result = PyList_SetSlice(list, PyList_GET_SIZE(list), PyList_GET_SIZE(list), items);
    Py_DECREF(items);
    return result;
}

/* sys.modules[name] (new): KeyError where it has none. */
static PyObject *loaded_module(const char *name)
{
    PyObject *modules = PySys_GetObject("modules");
    if (modules == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "no sys.modules");
        return NULL;
    }
    return PyMapping_GetItemString(modules, name);
}

/* Where the modules of this Python are as the hook starts, as str objects appended to places: the
   standard library (where os is), its extension modules, and site-packages (as site, loaded at
   start-up, lists them). */
static int module_places(PyObject *places)
{
    PyObject *modules, *os_module, *file, *standard, *site, *more, *listed;
    Py_ssize_t slash;
    int result;
    os_module = loaded_module("os");
    file = os_module == NULL ? NULL : PyObject_GetAttrString(os_module, "__file__");
    Py_XDECREF(os_module);
    if (file == NULL)
        return -1;
    if (!PyUnicode_Check(file)) {
        Py_DECREF(file);
        PyErr_SetString(PyExc_TypeError, "os.__file__ is not a str");
        return -1;
    }
    /* standard[: standard.rfind("/")], as policy.py slices it (-1 where there is no slash). */
    slash = PyUnicode_FindChar(file, '/', 0, PyUnicode_GetLength(file), -1);
    standard = slash == -2 ? NULL : PyUnicode_Substring(file, 0, slash >= 0 ? slash : PyUnicode_GetLength(file) - 1);
    Py_DECREF(file);
    if (standard == NULL)
        return -1;
    result = PyList_Append(places, standard) < 0 || append_text(places, PyUnicode_FromFormat("%U/lib-dynload", standard)) < 0 ? -1 : 0;
    Py_DECREF(standard);
    if (result < 0)
        return -1;
    modules = PySys_GetObject("modules");
    site = modules == NULL ? NULL : PyObject_CallMethod(modules, "get", "s", "site");
    if (site == NULL)
        return -1;
    if (site != Py_None) {
        more = PyObject_CallMethod(site, "getsitepackages", NULL);
        listed = more == NULL ? NULL : PySequence_List(more);
        Py_XDECREF(more);
        if (listed != NULL) {
            result = PyList_SetSlice(places, PyList_GET_SIZE(places), PyList_GET_SIZE(places), listed);
            Py_DECREF(listed);
            if (result == 0)
                append_text(places, PyObject_CallMethod(site, "getusersitepackages", NULL));
        }
        if (PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_Exception)) {
                Py_DECREF(site);
                return -1;
            }
            PyErr_Clear(); /* as policy.py's try: what site gave before the error stays */
        }
    }
    Py_DECREF(site);
    return 0;
}

/* The import system's suffixes, as policy.py lists them: source, bytecode, extension modules. */
static int module_suffixes(struct byte_list *suffixes_out)
{
    PyObject *external, *imp, *all = NULL, *part = NULL, *suffix;
    Py_ssize_t at;
    int result = -1;
    external = loaded_module("_frozen_importlib_external");
    imp = external == NULL ? NULL : PyImport_ImportModule("_imp");
    if (imp == NULL)
        goto done;
    all = PyList_New(0);
    if (all == NULL)
        goto done;
    part = PyObject_GetAttrString(external, "SOURCE_SUFFIXES");
    if (part == NULL || list_extend(all, part) < 0)
        goto done;
    Py_SETREF(part, PyObject_GetAttrString(external, "BYTECODE_SUFFIXES"));
    if (part == NULL || list_extend(all, part) < 0)
        goto done;
    Py_SETREF(part, PyObject_CallMethod(imp, "extension_suffixes", NULL));
    if (part == NULL || list_extend(all, part) < 0)
        goto done;
    for (at = 0; at < PyList_GET_SIZE(all); at++) {
        suffix = PyUnicode_AsUTF8String(PyList_GET_ITEM(all, at));
        if (suffix == NULL)
            goto done;
        if (list_copy(suffixes_out, PyBytes_AS_STRING(suffix), (size_t)PyBytes_GET_SIZE(suffix)) < 0) {
            Py_DECREF(suffix);
            memory_error();
            goto done;
        }
        Py_DECREF(suffix);
    }
    result = 0;
done:
    Py_XDECREF(external);
    Py_XDECREF(imp);
    Py_XDECREF(all);
    Py_XDECREF(part);
    return result;
}

/* A folder named in a list Python holds (sys.path, site's folders) as the OS takes it: 1 with the
   bytes in *encoded; 0 for an item that names no folder (not a str, empty, or one the file system
   encoding cannot take); -1 with an exception set. */
static int folder_text(PyObject *item, PyObject **encoded)
{
    *encoded = NULL;
    if (!PyUnicode_CheckExact(item) || PyUnicode_GetLength(item) == 0)
        return 0;
    *encoded = PyUnicode_EncodeFSDefault(item);
    if (*encoded != NULL)
        return 1;
    if (!PyErr_ExceptionMatches(PyExc_Exception))
        return -1;
    PyErr_Clear();
    return 0;
}

/* Each module the list names is imported now, with everything it imports, as policy.py does
   before its hook is added: from the module folders alone (sys.path narrowed to the entries under
   them for the while: not the script's folder, nor the working directory). A module that cannot be
   imported here is left to its import event. */
static int modules_import(const struct folder_list *places)
{
    const struct text *entry;
    PyObject *name, *module, *search = PySys_GetObject("path"), *saved = NULL, *kept = NULL, *item, *encoded;
    struct bytes cwd = {NULL, 0}, full = {NULL, 0};
    Py_ssize_t at;
    int result = -1, status;
    if (search == NULL || !PyList_Check(search))
        return 0;
    saved = PyList_GetSlice(search, 0, PyList_GET_SIZE(search));
    kept = PyList_New(0);
    if (saved == NULL || kept == NULL || working_directory(&cwd) < 0)
        goto done;
    for (at = 0; at < PyList_GET_SIZE(saved); at++) {
        item = PyList_GET_ITEM(saved, at);
        status = folder_text(item, &encoded);
        if (status < 0)
            goto done;
        if (status == 0)
            continue;
        status = absolute(PyBytes_AS_STRING(encoded), (size_t)PyBytes_GET_SIZE(encoded), &cwd, &full);
        Py_DECREF(encoded);
        if (status < 0)
            goto done;
        if (status > 0 && (under(&full, &module_folders) || under(&full, places)) && PyList_Append(kept, item) < 0)
            goto done;
        bytes_clear(&full);
    }
    if (PyList_SetSlice(search, 0, PyList_GET_SIZE(search), kept) < 0)
        goto done;
    for (entry = allow_modules; entry->bytes != NULL; entry++) {
        if (memchr(entry->bytes, '/', entry->size) != NULL || memchr(entry->bytes, '*', entry->size) != NULL || memchr(entry->bytes, '?', entry->size) != NULL ||
            memchr(entry->bytes, '[', entry->size) != NULL)
            continue;
        name = PyUnicode_DecodeUTF8(entry->bytes, (Py_ssize_t)entry->size, "strict");
        module = name == NULL ? NULL : PyImport_ImportModuleLevelObject(name, NULL, NULL, NULL, 0); /* __import__(entry) */
        Py_XDECREF(name);
        Py_XDECREF(module);
        if (module == NULL) {
            if (!PyErr_ExceptionMatches(PyExc_Exception))
                goto restore;
            PyErr_Clear();
        }
    }
    result = 0;
restore:
    /* sys.path as it was, whatever happened (an error stays set for the caller). */
    if (result == 0) {
        if (PyList_SetSlice(search, 0, PyList_GET_SIZE(search), saved) < 0)
            result = -1;
    } else {
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyList_SetSlice(search, 0, PyList_GET_SIZE(search), saved);
        PyErr_Restore(type, value, traceback);
    }
done:
    if (result < 0 && !PyErr_Occurred())
        memory_error();
    Py_XDECREF(saved);
    Py_XDECREF(kept);
    bytes_clear(&cwd);
    bytes_clear(&full);
    return result;
}

/* Takes what Python itself holds (see audit_policy_install): all of it, or nothing (-1 with an exception set). */
static int take_snapshot(void)
{
    static const char *const classes[] = {"PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"};
    struct path_class *taken_classes = NULL;
    size_t taken_class_count = 0, at;
    PyObject *module = NULL, *places = NULL, *place, *encoded, *taken_dir_entry = NULL, *taken_environ = NULL;
    PyObject **taken_finders = NULL, **taken_hooks = NULL;
    Py_ssize_t taken_finder_count = 0, taken_hook_count = 0, index;
    struct folder_list taken_folders = {NULL, 0};
    struct byte_list taken_suffixes = {NULL, 0};
    struct bytes cwd = {NULL, 0};
#if PY_VERSION_HEX < 0x030A0000
    PyObject *taken_gc[3] = {NULL, NULL, NULL};
#endif
    int result = -1, named;
    snapshot_state = SNAPSHOT_TAKING;
    snapshotting = 1;
    module = loaded_module("posix"); /* the C half of os, as policy.py takes it */
    if (module == NULL)
        goto done;
    taken_dir_entry = attribute_or_none(module, "DirEntry");
    taken_environ = taken_dir_entry == NULL ? NULL : attribute_or_none(module, "environ");
    Py_CLEAR(module);
    if (taken_dir_entry == NULL || taken_environ == NULL)
        goto done;
    if (allow_paths[0].bytes != NULL || allow_programs[0].bytes != NULL) {
        /* Imported now, so that pathlib's classes are the ones the program uses, as they were. */
        module = PyImport_ImportModule("pathlib");
        taken_classes = calloc(sizeof classes / sizeof classes[0], sizeof *taken_classes);
        if (module == NULL || taken_classes == NULL)
            goto done;
        for (at = 0; at < sizeof classes / sizeof classes[0]; at++) {
            taken_class_count = at + 1;
            if (path_class_take(module, classes[at], &taken_classes[at]) < 0)
                goto done;
        }
        Py_CLEAR(module);
    }
    if (allow_modules[0].bytes != NULL) {
        places = PyList_New(0);
        if (places == NULL || module_places(places) < 0)
            goto done;
        if (working_directory(&cwd) < 0) {
            memory_error();
            goto done;
        }
        for (index = 0; index < PyList_GET_SIZE(places); index++) {
            place = PyList_GET_ITEM(places, index);
            named = folder_text(place, &encoded);
            if (named < 0)
                goto done;
            if (named == 0)
                continue;
            if (folders_add(&taken_folders, PyBytes_AS_STRING(encoded), (size_t)PyBytes_GET_SIZE(encoded), &cwd) < 0) {
                Py_DECREF(encoded);
                memory_error();
                goto done;
            }
            Py_DECREF(encoded);
        }
        if (modules_import(&taken_folders) < 0)
            goto done;
        if (module_suffixes(&taken_suffixes) < 0)
            goto done;
        if (held_items(PySys_GetObject("meta_path"), &taken_finders, &taken_finder_count) < 0 || held_items(PySys_GetObject("path_hooks"), &taken_hooks, &taken_hook_count) < 0)
            goto done;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (PURPOSE_CONTAIN) {
        Py_XSETREF(module, PyImport_ImportModule("gc"));
        if (module == NULL || (taken_gc[0] = PyObject_GetAttrString(module, "isenabled")) == NULL || (taken_gc[1] = PyObject_GetAttrString(module, "disable")) == NULL ||
            (taken_gc[2] = PyObject_GetAttrString(module, "enable")) == NULL)
            goto done;
    }
#endif
    /* All of it taken: now it stands (the one step that can fail first). */
    if (folders_extend(&module_folders, &taken_folders) < 0) {
        memory_error();
        goto done;
    }
    if (PyDict_CheckExact(taken_environ)) {
        live_environ = taken_environ;
        taken_environ = NULL;
    }
    dir_entry = taken_dir_entry != Py_None && PyType_Check(taken_dir_entry) ? (PyTypeObject *)taken_dir_entry : NULL;
    taken_dir_entry = dir_entry == NULL ? taken_dir_entry : NULL;
    path_classes = taken_classes;
    path_class_count = taken_class_count;
    taken_classes = NULL;
    suffixes = taken_suffixes;
    taken_suffixes.items = NULL;
    taken_suffixes.count = 0;
    finders = taken_finders;
    finder_count = taken_finder_count;
    path_hooks = taken_hooks;
    path_hook_count = taken_hook_count;
    taken_finders = taken_hooks = NULL;
    taken_finder_count = taken_hook_count = 0;
#if PY_VERSION_HEX < 0x030A0000
    gc_isenabled = taken_gc[0];
    gc_disable = taken_gc[1];
    gc_enable = taken_gc[2];
    taken_gc[0] = taken_gc[1] = taken_gc[2] = NULL;
#endif
    result = 0;
done:
    for (at = 0; taken_classes != NULL && at < taken_class_count; at++)
        path_class_release(&taken_classes[at]);
    free(taken_classes);
    held_release(taken_finders, taken_finder_count);
    held_release(taken_hooks, taken_hook_count);
    folders_clear(&taken_folders);
    list_clear(&taken_suffixes);
    bytes_clear(&cwd);
    Py_XDECREF(taken_dir_entry);
    Py_XDECREF(taken_environ);
    Py_XDECREF(module);
    Py_XDECREF(places);
#if PY_VERSION_HEX < 0x030A0000
    Py_XDECREF(taken_gc[0]);
    Py_XDECREF(taken_gc[1]);
    Py_XDECREF(taken_gc[2]);
#endif
    snapshotting = 0;
    snapshot_state = result == 0 ? SNAPSHOT_TAKEN : SNAPSHOT_FAILED;
    return result;
}

/* ---- install-time tables, in plain C */

/* The environment as it is now: each name's first value, as posix.environ reads environ. */
static int environment_take(void)
{
    char **entry;
    const char *equals, *found;
    size_t at;
    for (entry = environ; entry != NULL && *entry != NULL; entry++) {
        equals = strchr(*entry, '=');
        if (equals == NULL || list_has(&initial_names, *entry, (size_t)(equals - *entry)))
            continue;
        if (list_copy(&initial_names, *entry, (size_t)(equals - *entry)) < 0 || list_copy(&initial_values, equals + 1, strlen(equals + 1)) < 0)
            return -1;
    }
    found = "/bin:/usr/bin";
    for (at = 0; at < initial_names.count; at++)
        if (bytes_equal(&initial_names.items[at], "PATH", 4))
            found = initial_values.items[at].data;
    for (;;) {
        equals = strchr(found, ':');
        if (list_copy(&start_path, found, equals != NULL ? (size_t)(equals - found) : strlen(found)) < 0)
            return -1;
        if (equals == NULL)
            return 0;
        found = equals + 1;
    }
}

/* The list of programs, read as policy.py reads it when its hook is made. */
static int programs_take(const struct bytes *cwd)
{
    const struct text *entry, **grown_commands;
    struct program_pattern *grown;
    struct byte_list found = {NULL, 0};
    struct bytes full = {NULL, 0}, pattern = {NULL, 0};
    size_t at, wild, cut, size;
    int result, whole;
    for (entry = allow_programs; entry->bytes != NULL; entry++) {
        wild = entry->size;
        for (at = 0; at < entry->size && wild == entry->size; at++)
            if (entry->bytes[at] == '*' || entry->bytes[at] == '?' || entry->bytes[at] == '[')
                wild = at;
        /* A whole command, for a shell: an entry with whitespace, and a plain program too (a shell may be given its name alone). */
        whole = strip_changes(entry) || memchr(entry->bytes, ' ', entry->size) != NULL || memchr(entry->bytes, '\t', entry->size) != NULL;
        if (whole || wild == entry->size) {
            grown_commands = realloc(commands, (command_count + 1) * sizeof *grown_commands);
            if (grown_commands == NULL)
                return -1;
            commands = grown_commands;
            commands[command_count++] = entry;
        }
        if (whole)
            continue;
        if (wild == entry->size) {
            if (memchr(entry->bytes, '/', entry->size) != NULL) {
                result = absolute(entry->bytes, entry->size, cwd, &full);
                if (result < 0 || (result > 0 && list_take(&program_files_exact, &full) < 0))
                    return -1;
            } else {
                if (on_path(entry->bytes, entry->size, &found) < 0 || (found.count > 0 && list_take(&program_files_exact, &found.items[0]) < 0))
                    return -1;
                list_clear(&found);
            }
            continue;
        }
        if (memchr(entry->bytes, '/', entry->size) == NULL) {
            if (bytes_set(&pattern, entry->bytes, entry->size) < 0)
                return -1;
        } else {
            /* The folders before the first wildcard are resolved now; the rest is matched. */
            cut = wild;
            while (cut > 0 && entry->bytes[cut - 1] != '/')
                cut--;
            if (cut == 0)
                continue;
            result = absolute(entry->bytes, cut, cwd, &full);
            if (result <= 0) {
                if (result < 0)
                    return -1;
                continue;
            }
            size = full.size;
            while (size > 0 && full.data[size - 1] == '/')
                size--;
            if (bytes_set(&pattern, full.data, size) < 0 || bytes_append(&pattern, "/", 1) < 0 || bytes_append(&pattern, entry->bytes + cut, entry->size - cut) < 0)
                return -1;
            bytes_clear(&full);
        }
        grown = realloc(program_patterns, (program_pattern_count + 1) * sizeof *grown);
        if (grown == NULL)
            return -1;
        program_patterns = grown;
        program_patterns[program_pattern_count].on_path_only = memchr(entry->bytes, '/', entry->size) == NULL;
        program_patterns[program_pattern_count++].pattern = pattern;
        pattern.data = NULL;
        pattern.size = 0;
    }
    for (at = 0; at < start_path.count; at++) {
        const struct bytes *folder = &start_path.items[at];
        result = folder->size > 0 ? absolute(folder->data, folder->size, cwd, &full) : absolute(".", 1, cwd, &full);
        if (result < 0 || (result > 0 && list_take(&path_folders_for_names, &full) < 0))
            return -1;
    }
    return resolve("/bin/sh", 7, &system_shell) < 0 ? -1 : 0;
}

/* Everything that needs no Python: the allowed folders, the environment and PATH, the programs, the module entries. */
static int tables_take(void)
{
    const struct text *entry;
    struct bytes cwd = {NULL, 0}, full = {NULL, 0};
    int result = -1;
    if (working_directory(&cwd) < 0)
        return -1;
    for (entry = allow_paths; entry->bytes != NULL; entry++)
        if (folders_add(&path_folders, entry->bytes, entry->size, &cwd) < 0)
            goto done;
    if (environment_take() < 0 || programs_take(&cwd) < 0)
        goto done;
    for (entry = allow_modules; entry->bytes != NULL; entry++) {
        if (memchr(entry->bytes, '/', entry->size) == NULL)
            continue;
        /* A library by its path, or a folder modules may be loaded from. */
        if (absolute(entry->bytes, entry->size, &cwd, &full) < 0 || (full.data != NULL && list_copy(&library_files, full.data, full.size) < 0) ||
            (full.data != NULL && folder_take(&module_folders, &full) < 0))
            goto done;
        bytes_clear(&full);
    }
    result = 0;
done:
    bytes_clear(&cwd);
    bytes_clear(&full);
    return result;
}

/* ---- deciding */

static int compare_rule(const void *event, const void *rule)
{
    return strcmp((const char *)event, ((const struct rule *)rule)->event);
}

static int allowed_by(const struct rule *rule, const char *event, const struct shape *shape, PyObject *args)
{
    switch (rule->matcher) {
    case MATCHER_PATHS:
        return paths_allowed(event, shape, args);
    case MATCHER_HOSTS:
        return hosts_allowed(shape, args);
    case MATCHER_PROGRAMS:
        return programs_allowed(event, shape, args);
    case MATCHER_ENVIRONMENT:
        return environment_change_allowed(event, args);
    case MATCHER_MODULES:
        return modules_allowed(event, shape, args);
    default:
        return 0;
    }
}

/* decide(): 0 where the event passes (reported, if the policy logs it or only reports); 1 with the
   denial's message in *message; -1 with an exception set. */
static int decide(const struct rule *rule, const char *event, PyObject *args, PyObject **message)
{
    const struct shape *shape = NULL;
    PyObject *line, *denied;
    size_t at;
    int allowed = 0, result;
    *message = NULL;
    if (rule->action == ACTION_LOG) {
        line = described(event, args);
        if (line == NULL)
            return -1;
        result = report(line);
        Py_DECREF(line);
        return result;
    }
    if (rule->action == ACTION_UNLESS) {
        /* The argument names of a tuple of this length. An event no version documents is matched
           by its values' types (no shape); a length no version sends is not allowed. */
        for (at = 0; at < rule->shape_count; at++)
            if (rule->shapes[at].length == PyTuple_GET_SIZE(args))
                shape = &rule->shapes[at];
        if (shape != NULL || rule->shape_count == 0) {
            allowed = allowed_by(rule, event, shape, args);
            if (allowed < 0) {
                /* An argument the matcher cannot read is not allowed. */
                if (!PyErr_ExceptionMatches(PyExc_Exception))
                    return -1;
                PyErr_Clear();
                allowed = 0;
            }
            if (allowed)
                return 0;
        }
    }
    line = described(event, args);
    if (line == NULL)
        return -1;
    denied = PyUnicode_FromFormat("denied %U", line);
    Py_DECREF(line);
    if (denied == NULL)
        return -1;
    if (REPORT_ONLY) {
        line = PyUnicode_FromFormat("would have %U", denied);
        Py_DECREF(denied);
        if (line == NULL)
            return -1;
        result = report(line);
        Py_DECREF(line);
        return result;
    }
    *message = denied;
    return 1;
}

/* To contain code, no collection runs while the hook decides: a finaliser would run the program's
   own code in the middle of it. 1 where collections were running and are now stopped, -1 with an exception set. */
static int collections_pause(void)
{
#if PY_VERSION_HEX >= 0x030A0000
    return PyGC_Disable();
#else
    PyObject *enabled;
    int result;
    if (gc_isenabled == NULL)
        return 0; /* before the snapshot: no program code has run yet */
    enabled = PyObject_CallObject(gc_isenabled, NULL);
    result = enabled == NULL ? -1 : PyObject_IsTrue(enabled);
    Py_XDECREF(enabled);
    if (result > 0) {
        enabled = PyObject_CallObject(gc_disable, NULL);
        if (enabled == NULL)
            return -1;
        Py_DECREF(enabled);
    }
    return result;
#endif
}

static void collections_resume(void)
{
#if PY_VERSION_HEX >= 0x030A0000
    PyGC_Enable();
#else
    PyObject *type, *value, *traceback, *done;
    PyErr_Fetch(&type, &value, &traceback);
    done = PyObject_CallObject(gc_enable, NULL);
    Py_XDECREF(done);
    PyErr_Restore(type, value, traceback);
#endif
}

static int audit_policy_hook(const char *event, PyObject *args, void *data)
{
    const struct rule *rule;
    PyObject *message, *name = NULL;
    int paused = 0, result;
    (void)data;
    /* Only 3.8 calls a hook with no thread state (for the first interpreter, as it is made): no
       Python object can be made then. */
#if PY_VERSION_HEX >= 0x030D0000
    if (PyThreadState_GetUnchecked() == NULL)
        return 0;
#else
    if (_PyThreadState_UncheckedGet() == NULL)
        return 0;
#endif
    if (snapshotting)
        return 0;
    if (snapshot_state == SNAPSHOT_WAITING && Py_IsInitialized() && take_snapshot() < 0)
        return -1;
    rule = bsearch(event, rules, RULE_COUNT, sizeof rules[0], compare_rule);
    if (rule == NULL || !PyTuple_Check(args))
        return 0;
    if (PURPOSE_CONTAIN) {
        paused = collections_pause();
        if (paused < 0)
            return -1;
    }
    result = decide(rule, event, args, &message);
    if (paused)
        collections_resume();
    if (result <= 0)
        return result;
    if (strcmp(event, "import") == 0) {
        /* Named, as the import system names its own: `import x` falls back on ImportError, and
           site passes over a usercustomize it cannot import. */
        if (PyTuple_GET_SIZE(args) > 0 && PyUnicode_CheckExact(PyTuple_GET_ITEM(args, 0)))
            name = PyTuple_GET_ITEM(args, 0);
        PyErr_SetImportError(message, name, NULL);
    } else {
        PyErr_SetObject(PyExc_PermissionError, message);
    }
    Py_DECREF(message);
    return -1;
}

/* Adds the hook: 0, or -1 with an exception set (before Py_Initialize, -1 alone where memory ran
   out), as PySys_AddAuditHook returns. It reads the allowed folders and programs, PATH, /bin/sh and
   the environment now, in plain C. What it takes from Python (os.DirEntry, pathlib's classes, the
   modules the list names, imported then, the module folders, the import system's suffixes, finders
   and path hooks) it takes now if Python is initialized, as policy.py does as its hook is made;
   called before Py_Initialize(), at the first event after Python is initialized, and until then a
   pathlib or DirEntry path is refused, and so is an import under a list of modules. A second call
   adds nothing. */
int audit_policy_install(void);
int audit_policy_install(void)
{
    static int installed, tables;
    if (installed)
        return 0;
    if (!tables) {
        report_fd = fcntl(2, F_DUPFD_CLOEXEC, 0);
        if (tables_take() < 0) {
            if (Py_IsInitialized())
                PyErr_NoMemory();
            return -1;
        }
        tables = 1;
    }
    if (Py_IsInitialized() && snapshot_state != SNAPSHOT_TAKEN && take_snapshot() < 0)
        return -1;
    if (PySys_AddAuditHook(audit_policy_hook, NULL) < 0)
        return -1;
    installed = 1;
    return 0;
}
