/* What a C hook added before Py_Initialize() sees of a start: this program starts Python as the
   python command does (the two steps of Py_BytesMain: Py_InitializeFromConfig from the same
   arguments, then Py_RunMain), having added a hook that writes every event, as a JSON line, to the
   file AUDIT_STARTUP_C_EVENTS names, until `audit_startup.done` is raised at exit. Built and run by
   `npm run startup` (src/cli/startup.ts) against each native CPython. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;
static int busy, done;

/* A string as a JSON string's contents. */
static void quoted(const char *text)
{
    const unsigned char *at;
    fputc('"', out);
    for (at = (const unsigned char *)text; *at != '\0'; at++) {
        if (*at == '"' || *at == '\\')
            fprintf(out, "\\%c", *at);
        else if (*at < 0x20)
            fprintf(out, "\\u%04x", *at);
        else
            fputc(*at, out);
    }
    fputc('"', out);
}

static int record(const char *event, PyObject *args, void *data)
{
    PyObject *text, *bytes, *error_type, *error_value, *error_traceback;
    Py_ssize_t at;
    (void)data;
    if (out == NULL || busy || done)
        return 0;
    if (strcmp(event, "audit_startup.done") == 0) {
        done = 1;
        return 0;
    }
    busy = 1;
    fputc('[', out);
    quoted(event);
    fputs(", [", out);
    for (at = 0; args != NULL && PyTuple_Check(args) && at < PyTuple_GET_SIZE(args); at++) {
        if (at > 0)
            fputs(", ", out);
        quoted(Py_TYPE(PyTuple_GET_ITEM(args, at))->tp_name);
    }
    fputs("], ", out);
    /* Before the interpreter has a thread state, nothing can be printed of the arguments. */
    if (args == NULL || PyGILState_GetThisThreadState() == NULL) {
        quoted("<before the interpreter>");
    } else {
        PyErr_Fetch(&error_type, &error_value, &error_traceback);
        text = PyObject_Repr(args);
        bytes = text == NULL ? NULL : PyUnicode_AsEncodedString(text, "utf-8", "backslashreplace");
        quoted(bytes != NULL ? PyBytes_AS_STRING(bytes) : "<unprintable>");
        Py_XDECREF(bytes);
        Py_XDECREF(text);
        PyErr_Clear();
        PyErr_Restore(error_type, error_value, error_traceback);
    }
    fputs("]\n", out);
    busy = 0;
    return 0;
}

int main(int argc, char **argv)
{
    const char *file = getenv("AUDIT_STARTUP_C_EVENTS");
    PyConfig config;
    PyStatus status;
    int ran, code;
    out = file == NULL ? NULL : fopen(file, "w");
    if (out == NULL || PySys_AddAuditHook(record, NULL) != 0)
        return 2;
    /* What Py_BytesMain() does, in its two steps: the interpreter starts from the command line... */
    PyConfig_InitPythonConfig(&config);
    status = PyConfig_SetBytesArgv(&config, argc, argv);
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        Py_ExitStatusException(status);
    /* ...then, unrecorded, an exit handler that ends the recording after the program's own (exit
       handlers run last registered first), as sitecustomize's recorder does... */
    busy = 1;
    ran = PyRun_SimpleString("import atexit, sys\natexit.register(sys.audit, 'audit_startup.done')");
    busy = 0;
    if (ran != 0)
        return 2;
    /* ...and the program runs, as the python command would run it. */
    code = Py_RunMain();
    fclose(out);
    out = NULL;
    return code;
}
