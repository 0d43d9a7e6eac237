"""What the Python hook can reach, checked: run with a generated hook's path.

Prints one line per fault and exits 1 if any: a function reachable from the hook (through default
arguments, tables and bound methods) that looks a name up at run time (a global or builtin, which
any code can replace) or keeps a variable in a closure cell (which frame locals can rewrite from
3.13 on), or a reachable container anyone could change (a dict, list or set the hook decides by).
"""
import dis
import sys
import types

captured = []
sys.addaudithook, original = (lambda hook: captured.append(hook)), sys.addaudithook
try:
    source = open(sys.argv[1]).read()
    exec(compile(source, sys.argv[1], "exec"), {"__name__": "audit_policy_checked"})
finally:
    sys.addaudithook = original
(hook,) = captured

faults = []
seen = set()
# Mutable containers the hook may hold on purpose, by the name of the argument that holds them.
ALLOWED_MUTABLE = {"reporting"}
# Objects the hook compares by identity and never calls (pathlib's classes as they were, the import
# system's finders): what they hold is not the hook's to check.
IDENTITY_ONLY = {"snapshots", "finders", "hooks"}
# The process's own state, which the hook reads as it is now (os.environ's data, sys.modules):
# observations, not tables of the hook's.
IDENTITY_ONLY |= {"live", "modules"}


def visit(value, where):
    if id(value) in seen:
        return
    seen.add(id(value))
    kind = type(value)
    if kind is types.FunctionType:
        code = value.__code__
        if code.co_freevars:
            faults.append("%s: %s keeps %s in a closure" % (where, code.co_name, ", ".join(code.co_freevars)))
        for instruction in dis.get_instructions(code):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLASSDEREF"):
                faults.append("%s: %s looks up %s at run time" % (where, code.co_name, instruction.argval))
        for const in code.co_consts:
            if type(const) is types.CodeType:
                visit_code(const, where + "." + code.co_name)
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        defaults = value.__defaults__ or ()
        for name, default in zip(names[len(names) - len(defaults):], defaults):
            if name in IDENTITY_ONLY:
                continue
            visit(default, where + "." + code.co_name + "(" + name + ")")
        return
    if kind in (dict, list, set, bytearray):
        if not any(where.endswith("(" + name + ")") for name in ALLOWED_MUTABLE):
            faults.append("%s: a %s anyone holding it could change" % (where, kind.__name__))
        items = value.values() if kind is dict else value
        for item in list(items):
            visit(item, where + "[]")
        return
    if kind is types.MappingProxyType:
        faults.append("%s: a mapping proxy, whose dict gc.get_referents hands out" % where)
        return
    if kind in (tuple, frozenset):
        for item in value:
            visit(item, where + "[]")
        return
    if kind is types.MethodType:
        visit(value.__func__, where + ".__func__")
        visit(value.__self__, where + ".__self__")


def visit_code(code, where):
    # A comprehension or nested function inside a hook function.
    if code.co_freevars and code.co_name not in ("<genexpr>", "<listcomp>", "<dictcomp>", "<setcomp>"):
        faults.append("%s: %s keeps %s in a closure" % (where, code.co_name, ", ".join(code.co_freevars)))
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            faults.append("%s.%s looks up %s at run time" % (where, code.co_name, instruction.argval))
    for const in code.co_consts:
        if type(const) is types.CodeType:
            visit_code(const, where + "." + code.co_name)


visit(hook, "hook")
for fault in faults:
    print(fault)
sys.exit(1 if faults else 0)
