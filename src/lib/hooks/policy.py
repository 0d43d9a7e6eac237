"""The fixed part of every Python hook the Audit Events hook builder writes.

The builder replaces this docstring with the policy's own, and the block between the two
``# [policy]`` lines with the policy's tables; everything else is this file as it is. It runs on
its own too: the example policy below logs ``os.system``.

Written for its attacker. The hook decides only on values of exact known types and never calls a
method of an argument to decide; it resolves paths as the OS does; and everything it uses is bound
when it is made, as default arguments (never closure cells, which ``frame.f_locals`` can rewrite
from 3.13 on, and never a module attribute anyone can clear or replace). tests/attacks/ holds an
attack for each rule; tests/attacks/reach.py checks that no function the hook reaches looks a
name up at run time.
"""
import sys


class AuditPolicyError(PermissionError):
    """Raised by the hook for a denied event: the operation that raised the event fails with it."""


class AuditPolicyImportError(ImportError):
    """Raised by the hook for a denied import, so that ``except ImportError`` fallbacks still work."""


def _audit_policy(policy, errors=(AuditPolicyError, AuditPolicyImportError)):
    """The hook for a policy's tables: every function it calls, and every value, bound here once."""
    # Only modules written in C, which every CPython has loaded or builds in: the hook's own imports
    # must not leave modules in sys.modules that a policy on imports would then never see.
    import builtins
    import gc
    import _bisect
    import _imp
    import _operator
    import _thread

    str_, bytes_, int_, bool_, float_, none = builtins.str, builtins.bytes, builtins.int, builtins.bool, builtins.float, type(None)
    tuple_, list_, dict_, frozenset_ = builtins.tuple, builtins.list, builtins.dict, builtins.frozenset
    type_, repr_, len_, zip_, map_, all_, any_ = builtins.type, builtins.repr, builtins.len, builtins.zip, builtins.map, builtins.all, builtins.any
    Exception_, OSError_, ValueError_ = builtins.Exception, builtins.OSError, builtins.ValueError
    same = _operator.is_
    # The C half of os: its functions raise no audit event, and no later patch of os reaches them.
    osc = sys.modules.get("posix") or sys.modules.get("nt")
    posix = osc.__name__ == "posix"
    lstat, fstat, readlink, getcwdb, getpid = osc.lstat, osc.fstat, osc.readlink, osc.getcwdb, osc.getpid
    listdir, write, fspath = osc.listdir, osc.write, osc.fspath
    dir_entry = getattr(osc, "DirEntry", none)
    str_encode, bytes_decode, bytes_lower = str_.encode, bytes_.decode, bytes_.lower
    fs_encoding, fs_errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    type_name = type_.__dict__["__qualname__"].__get__
    contain = policy["purpose"] == "contain"
    REFUSE = object()
    LINK, DIRECTORY, KIND = 0o120000, 0o040000, 0o170000

    def wildcard(pattern, lower=False):
        """fnmatch.fnmatchcase(name, pattern) as a function of name, its pattern read now: * any run of characters, ? one, [...] one of a set ([!...] one not in it)."""
        if lower:
            pattern = pattern.lower()
        parts = []
        at = 0
        while at < len_(pattern):
            character = pattern[at]
            at += 1
            if character == "*":
                if not parts or parts[-1] != "*":
                    parts.append("*")
            elif character == "?":
                parts.append("?")
            elif character == "[":
                end = at
                if end < len_(pattern) and pattern[end] == "!":
                    end += 1
                if end < len_(pattern) and pattern[end] == "]":
                    end += 1
                while end < len_(pattern) and pattern[end] != "]":
                    end += 1
                if end >= len_(pattern):
                    parts.append("[")  # no closing ]: a plain [
                    continue
                inside = pattern[at:end]
                at = end + 1
                negate = inside[:1] == "!"
                if negate:
                    inside = inside[1:]
                singles, ranges = [], []
                index = 0
                while index < len_(inside):
                    if index + 2 < len_(inside) and inside[index + 1] == "-":
                        if inside[index] <= inside[index + 2]:
                            ranges.append((inside[index], inside[index + 2]))
                        index += 3
                    else:
                        singles.append(inside[index])
                        index += 1
                parts.append((negate, frozenset_(singles), tuple_(ranges)))
            else:
                parts.append(character)
        parts = tuple_(parts)

        def matches(name, parts=parts, len_=len_, str_=str_, type_=type_):
            # Greedy with backtracking to the last *, as fnmatch's translation to a regular expression does.
            at = 0
            index = 0
            star = -1
            star_at = 0
            while at < len_(name):
                if index < len_(parts):
                    part = parts[index]
                    if part == "*":
                        star = index
                        star_at = at
                        index += 1
                        continue
                    if part == "?":
                        fits = True
                    elif type_(part) is str_:
                        fits = name[at] == part
                    else:
                        negate, singles, ranges = part
                        inside = name[at] in singles
                        if not inside:
                            for low, high in ranges:
                                if low <= name[at] <= high:
                                    inside = True
                                    break
                        fits = inside != negate
                    if fits:
                        at += 1
                        index += 1
                        continue
                if star == -1:
                    return False
                index = star + 1
                star_at += 1
                at = star_at
            while index < len_(parts) and parts[index] == "*":
                index += 1
            return index == len_(parts)

        return matches

    # ---- reporting: never raises, never runs the program's code to describe an argument

    # Standard error's descriptor as the hook started, duplicated: closing or replacing sys.stderr,
    # or descriptor 2, changes nothing here.
    try:
        report_fd = osc.dup(2)
    except OSError_:
        report_fd = -1
    logger_warning = None
    if policy["output"] == "logging" and not contain:
        import logging

        logger_warning = logging.getLogger("audit_policy").warning
    # Threads writing a report through logging: their own events are checked, not reported again.
    reporting = set()

    def to_fd(line, write=write, fd=report_fd, str_encode=str_encode, OSError_=OSError_, ValueError_=ValueError_):
        if fd < 0:
            return
        data = str_encode("audit policy: " + line + "\n", "utf-8", "backslashreplace")
        try:
            while data:
                data = data[write(fd, data) :]
        except (OSError_, ValueError_):
            pass

    def report(line, warning=logger_warning, to_fd=to_fd, reporting=reporting, get_ident=_thread.get_ident, Exception_=Exception_):
        if warning is None:
            to_fd(line)
            return
        thread = get_ident()
        if thread in reporting:
            return
        reporting.add(thread)
        try:
            warning("%s", line)
        except Exception_:
            to_fd(line)
        finally:
            reporting.discard(thread)

    plain = frozenset_((str_, bytes_, int_, bool_, float_, none))

    def shown(value, room, depth, again, plain=plain, type_=type_, repr_=repr_, len_=len_, str_=str_, bytes_=bytes_, tuple_=tuple_, list_=list_, dict_items=dict_.items, dict_=dict_, type_name=type_name, Exception_=Exception_):
        """repr() where CPython's own repr is used (str, bytes, numbers, None, tuples, lists, dicts of them), else the type's name."""
        kind = type_(value)
        if kind in plain:
            if kind is str_ or kind is bytes_:
                value = value[:room]
            try:
                return repr_(value)
            except Exception_:  # an int too long to write out
                return "<int>"
        if depth < 3 and (kind is tuple_ or kind is list_):
            parts = []
            for item in value[:8]:
                parts.append(again(item, room, depth + 1, again))
            if len_(value) > 8:
                parts.append("...")
            if kind is list_:
                return "[" + ", ".join(parts) + "]"
            return "(" + ", ".join(parts) + ("," if len_(value) == 1 else "") + ")"
        if depth < 3 and kind is dict_:
            parts = []
            # Key and value as the dict holds them: looking a key up again would run its __eq__.
            for key, item in dict_items(value):
                if len_(parts) == 8:
                    parts.append("...")
                    break
                parts.append(again(key, room, depth + 1, again) + ": " + again(item, room, depth + 1, again))
            return "{" + ", ".join(parts) + "}"
        name = type_name(kind)
        return "<" + (name if type_(name) is str_ else "object") + ">"

    def described(event, args, shown=shown, limit=policy["argument_limit"], len_=len_):
        text = shown(args, limit, 0, shown)
        if len_(text) > limit:
            text = text[:limit] + "..."
        return event + " " + text

    # ---- paths, as the OS resolves them

    def resolve(path, lstat=lstat, readlink=readlink, OSError_=OSError_, ValueError_=ValueError_, LINK=LINK, KIND=KIND):
        """An absolute path (bytes) with every symlink and .. resolved as the OS resolves them; None for a loop or a NUL."""
        todo = path.split(b"/")
        todo.reverse()
        done = []
        links = 0
        while todo:
            part = todo.pop()
            if part == b"" or part == b".":
                continue
            if part == b"..":
                if done:
                    done.pop()
                continue
            done.append(part)
            here = b"/" + b"/".join(done)
            try:
                mode = lstat(here)[0]
            except OSError_:
                continue  # nothing there (yet): no link, and what follows is read as written
            except ValueError_:
                return None
            if mode & KIND != LINK:
                continue
            done.pop()
            links += 1
            if links > 40:
                return None
            try:
                target = readlink(here)
            except OSError_:
                return None
            if target.startswith(b"/"):
                done = []
            more = target.split(b"/")
            more.reverse()
            todo.extend(more)
        return b"/" + b"/".join(done)

    def working_directory(getcwdb=getcwdb, OSError_=OSError_):
        try:
            return getcwdb()
        except OSError_:
            return None

    def absolute(path, base, resolve=resolve):
        if path.startswith(b"/"):
            return resolve(path)
        if base is None:
            return None
        return resolve(base + b"/" + path)

    def under(path, folders):
        for folder, inside in folders:
            if path == folder or path.startswith(inside):
                return True
        return False

    def fd_directory(fd, posix=posix, fstat=fstat, readlink=readlink, str_=str_, int_=int_, Exception_=Exception_, DIRECTORY=DIRECTORY, KIND=KIND):
        """The folder a directory descriptor stands for, as Linux shows it; None for anything else."""
        if not posix:
            return None
        try:
            if fstat(fd)[0] & KIND != DIRECTORY:
                return None
            target = readlink(b"/proc/self/fd/" + str_(int_(fd)).encode())
        except Exception_:
            return None
        return target if target.startswith(b"/") else None

    def open_directories(posix=posix, listdir=listdir, fd_directory=fd_directory, int_=int_, Exception_=Exception_):
        """Every folder the process holds a descriptor on; None where that cannot be known."""
        if not posix:
            return None
        try:
            names = listdir(b"/proc/self/fd")
            folders = []
            for name in names:
                folder = fd_directory(int_(name))
                if folder is not None:
                    folders.append(folder)
            return folders
        except Exception_:
            return None

    def encoded(text):
        # An entry as the OS would take it; one it could not take (a lone surrogate) names no file.
        try:
            return str_encode(text, fs_encoding, fs_errors)
        except Exception_:
            return None

    def folders_of(entries):
        here = working_directory()
        folders = []
        for entry in entries:
            data = encoded(entry)
            path = None if data is None else absolute(data, here)
            if path is not None:
                folders.append((path, path if path.endswith(b"/") else path + b"/"))
        return tuple_(folders)

    allow = policy["allow"]
    path_folders = folders_of(allow["paths"]) if posix else ()

    # A pathlib object counts as its path only while pathlib's classes are as they were when the hook
    # started: its __fspath__ then returns the text pathlib cached the first time it was asked, the
    # text CPython's own conversion got too. Any other path-like object, or a patched pathlib, is refused.
    class_dict = type_.__dict__["__dict__"].__get__
    class_mro = type_.__dict__["__mro__"].__get__
    snapshots = []
    if allow["paths"] or allow["programs"]:
        # Imported now, so that pathlib's classes are the ones the program uses, as they were.
        import pathlib

        for cls in (pathlib.PurePath, pathlib.PurePosixPath, pathlib.PureWindowsPath, pathlib.Path, pathlib.PosixPath, pathlib.WindowsPath):
            mro = class_mro(cls)
            snapshots.append((cls, mro, tuple_((tuple_(class_dict(k).keys()), tuple_(class_dict(k).values())) for k in mro)))
    snapshots = tuple_(snapshots)

    def unchanged(cls, snapshots=snapshots, class_dict=class_dict, class_mro=class_mro, same=same, tuple_=tuple_, len_=len_, all_=all_, map_=map_):
        """Whether cls is one of pathlib's classes and neither it nor a class it derives from has changed since the hook started."""
        for known, mro, contents in snapshots:
            if same(known, cls):
                break
        else:
            return False
        now = class_mro(cls)
        if len_(now) != len_(mro) or not all_(map_(same, now, mro)):
            return False
        at = 0
        for klass in mro:
            keys, values = contents[at]
            at += 1
            current = class_dict(klass)
            if len_(current) != len_(keys):
                return False
            if not all_(map_(same, tuple_(current.keys()), keys)) or not all_(map_(same, tuple_(current.values()), values)):
                return False
        return True

    def path_of(value, type_=type_, str_=str_, bytes_=bytes_, str_encode=str_encode, fs_encoding=fs_encoding, fs_errors=fs_errors, unchanged=unchanged, fspath=fspath, dir_entry=dir_entry, REFUSE=REFUSE, Exception_=Exception_):
        """A path argument as bytes; REFUSE for a value of any other type, or of a patched pathlib."""
        kind = type_(value)
        if kind is str_:
            return str_encode(value, fs_encoding, fs_errors)
        if kind is bytes_:
            return value
        if kind is dir_entry or unchanged(kind):
            try:
                value = fspath(value)
            except Exception_:
                return REFUSE
            kind = type_(value)
            if kind is str_:
                return str_encode(value, fs_encoding, fs_errors)
            if kind is bytes_:
                return value
        return REFUSE

    not_paths = frozenset_((int_, bool_, float_, none))

    def dir_fd_of(name, names, args, zip_=zip_):
        # The descriptor a path argument is relative to: src_dir_fd for src, dst_dir_fd for dst, else dir_fd.
        wanted = name + "_dir_fd"
        fallback = None
        for key, value in zip_(names, args):
            if key == wanted:
                return key, value
            if key == "dir_fd":
                fallback = (key, value)
        return fallback

    def first_is_dst(pair):
        return pair[0] != "dst"

    def paths_allowed(event, names, args, first_is_dst=first_is_dst, path_names=frozenset_(policy["path_arguments"]), not_paths=not_paths, path_of=path_of, REFUSE=REFUSE, absolute=absolute, under=under, folders=path_folders, working_directory=working_directory, fd_directory=fd_directory, open_directories=open_directories, dir_fd_of=dir_fd_of, getpid=getpid, type_=type_, str_=str_, int_=int_, bool_=bool_, none=none, len_=len_, zip_=zip_, tuple_=tuple_, bytes_lower=bytes_lower):
        """Every path the event names resolves under an allowed folder; descriptors pass."""
        values = []
        if names is None:
            # No version documents this tuple: each value of a path's type is a path, numbers and
            # None are not, and a value of any other type is refused.
            for value in args:
                if type_(value) not in not_paths:
                    values.append(("", value))
        else:
            for name, value in zip_(names, args):
                if name in path_names:
                    values.append((name, value))
            if event == "os.symlink":
                values.sort(key=first_is_dst)  # the link first: its target is read from its folder
        cwd = working_directory()
        listing = event == "os.listdir" or event == "os.scandir"
        resolved = {}
        for name, value in values:
            kind = type_(value)
            if kind is none:
                if not listing:
                    continue
                value = "."
            elif kind is int_ or kind is bool_:
                continue  # a descriptor: opened through a path already checked, or handed over
            path = path_of(value)
            if path is REFUSE or b"\0" in path:
                return False
            if event == "sqlite3.connect":
                if path == b":memory:" or path == b"":
                    continue
                if bytes_lower(path[:5]) == b"file:":
                    return False  # a URI: its file is not the text as a path
            bases = (cwd,)
            if not path.startswith(b"/"):
                fd = dir_fd_of(name, names, args) if names is not None else None
                fd = None if fd is None else fd[1]
                if fd is not None:
                    # Its type first: comparing a value of another type would run its own code.
                    if type_(fd) is not int_ and type_(fd) is not bool_:
                        return False
                    if fd >= 0:
                        bases = (fd_directory(fd),)
                elif event == "open" and len_(args) > 1 and args[1] is None:
                    # os.open: the event does not carry its dir_fd, so the path is read from every
                    # folder the process could have opened it from.
                    more = open_directories()
                    if more is None:
                        return False
                    bases = (cwd,) + tuple_(more)
                if event == "os.symlink" and name == "src":
                    # A link's target is read from the link's own folder.
                    link = resolved.get("dst")
                    bases = ((link[: link.rfind(b"/")] or b"/") if link is not None else None,)
            for base in bases:
                full = absolute(path, base)
                if full is None:
                    return False
                resolved[name] = full
                if not under(full, folders):
                    if listing and full == b"/proc/" + str_(getpid()).encode() + b"/fd":
                        continue  # the hook's own listing of its descriptors (os.open, above)
                    return False
        return True

    # ---- hosts and ports

    host_entries = []
    for entry in allow["hosts"]:
        pattern, wanted = entry.rsplit(":", 1) if entry.count(":") == 1 else (entry, "")
        host_entries.append((wildcard(pattern, True), None if wanted in ("", "*") else wildcard(wanted)))
    host_entries = tuple_(host_entries)

    def host_text(value, type_=type_, str_=str_, bytes_=bytes_, bytes_decode=bytes_decode, Exception_=Exception_):
        kind = type_(value)
        if kind is str_:
            return value
        if kind is bytes_:
            try:
                return bytes_decode(value, "ascii")
            except Exception_:
                return None
        return None

    def port_number(value, type_=type_, int_=int_, bool_=bool_, str_=str_, bytes_=bytes_, none=none, bytes_decode=bytes_decode, REFUSE=REFUSE):
        """A port as a number; None for none (or a service's name: the connection's own event has the number)."""
        kind = type_(value)
        if kind is none:
            return None
        if kind is int_ or kind is bool_:
            return int_(value)
        if kind is str_ or kind is bytes_:
            text = value if kind is str_ else bytes_decode(value, "latin-1")
            return int_(text) if text.isascii() and text.isdigit() else None
        return REFUSE

    def hex_text(text, len_=len_):
        if text == "" or len_(text) > 4:
            return False
        for character in text:
            if character not in "0123456789abcdefABCDEF":
                return False
        return True

    def ipv4_text(text, int_=int_, len_=len_):
        parts = text.split(".")
        if len_(parts) != 4:
            return False
        for part in parts:
            if not (part.isascii() and part.isdigit()) or len_(part) > 3 or int_(part) > 255 or (part[0] == "0" and len_(part) > 1):
                return False
        return True

    def ipv6_text(text, hex_text=hex_text, ipv4_text=ipv4_text, len_=len_):
        """ipaddress.IPv6Address's syntax, a %zone included."""
        if "%" in text:
            text, _, zone = text.partition("%")
            if zone == "" or "%" in zone:
                return False
        parts = text.split(":")
        if len_(parts) < 3:
            return False
        room = 8
        if "." in parts[-1]:
            if not ipv4_text(parts[-1]):
                return False
            parts.pop()
            parts.append("0")
            parts.append("0")
        inner = parts[1:-1]
        if "" in inner:
            if inner.count("") > 1:
                return False
            gap = parts.index("", 1)
            high, low = parts[:gap], parts[gap + 1 :]
            if high == [""]:
                high = []
            if low == [""]:
                low = []
            if "" in high or "" in low or len_(high) + len_(low) > room - 1:
                return False
            parts = high + low
        elif len_(parts) != room:
            return False
        for part in parts:
            if not hex_text(part):
                return False
        return True

    def url_endpoint(url, ipv6_text=ipv6_text, len_=len_, int_=int_, ports=(("http", 80), ("https", 443), ("ftp", 21))):
        """The host and port of a URL as the newest urllib.parse.urlsplit reads them; None if it cannot read them."""
        start = 0
        while start < len_(url) and url[start] <= " ":
            start += 1
        url = url[start:].replace("\t", "").replace("\r", "").replace("\n", "")
        scheme = ""
        colon = url.find(":")
        if colon > 0 and url[0].isascii() and url[0].isalpha():
            at = 0
            while at < colon and url[at].isascii() and (url[at].isalnum() or url[at] in "+-."):
                at += 1
            if at == colon:
                scheme = url[:colon].lower()
                url = url[colon + 1 :]
        netloc = ""
        if url[:2] == "//":
            netloc = url[2:]
            for stop in "/?#":
                at = netloc.find(stop)
                if at != -1:
                    netloc = netloc[:at]
        if not netloc.isascii() or ("[" in netloc) != ("]" in netloc):
            return None
        hostinfo = netloc.rpartition("@")[2]
        digits = ""
        if "[" in hostinfo:
            if hostinfo[0] != "[":
                return None
            name, _, after = hostinfo[1:].partition("]")
            if name[:1] == "v":
                at = 1
                while at < len_(name) and name[at] in "0123456789abcdefABCDEF":
                    at += 1
                if not (at > 1 and at + 1 < len_(name) and name[at] == "."):
                    return None
            elif not ipv6_text(name):
                return None
            if after and after[0] != ":":
                return None
            digits = after[1:]
        else:
            name, _, digits = hostinfo.partition(":")
        if digits:
            if not (digits.isascii() and digits.isdigit()) or int_(digits) > 65535:
                return None
            return name, int_(digits)
        for known, port in ports:
            if known == scheme:
                return name, port
        return name, None

    def endpoint(names, args, url_endpoint=url_endpoint, host_text=host_text, port_number=port_number, REFUSE=REFUSE, type_=type_, str_=str_, bytes_=bytes_, tuple_=tuple_, len_=len_, zip_=zip_):
        """(host, port) the event names; None where it names none; REFUSE where it cannot be read."""
        named = {}
        for name, value in zip_(names, args):
            named[name] = value
        for key in ("fullurl", "url"):
            if key in named:
                url = named[key]
                if type_(url) is not str_:
                    return REFUSE
                found = url_endpoint(url)
                return REFUSE if found is None else found
        for key in ("address", "sockaddr"):
            if key in named:
                address = named[key]
                kind = type_(address)
                if address is None:
                    return None
                if kind is tuple_ and len_(address) >= 2:
                    host, port = host_text(address[0]), port_number(address[1])
                    return REFUSE if host is None or port is REFUSE else (host, port)
                if kind is str_:
                    return (address, None)  # a Unix socket's path, matched as a host's name
                return REFUSE
        for key in ("host", "hostname", "ip_address", "computer_name"):
            if key in named:
                value = named[key]
                if value is None:
                    return None
                host, port = host_text(value), port_number(named.get("port"))
                return REFUSE if host is None or port is REFUSE else (host, port)
        return None

    def hosts_allowed(event, names, args, endpoint=endpoint, entries=host_entries, REFUSE=REFUSE, str_=str_):
        """The host and port the event names match an entry; an event that names none passes."""
        if names is None:
            return False
        found = endpoint(names, args)
        if found is None:
            return True
        if found is REFUSE:
            return False
        host = found[0].lower()
        port = found[1]
        for host_matches, port_matches in entries:
            if host_matches(host) and (port_matches is None or (port is not None and port_matches(str_(port)))):
                return True
        return False

    # ---- programs, and what they are given

    # The environment the process began with, as (name, value) pairs of bytes, and its names.
    initial_pairs = frozenset_(osc.environ.items())
    initial_names = frozenset_(osc.environ)
    risky_names = frozenset_(str_encode(name) for name in policy["risky_environment"][0])
    risky_prefixes = tuple_(str_encode(prefix) for prefix in policy["risky_environment"][1])

    def risky(key, names=risky_names, prefixes=risky_prefixes):
        return key in names or key.startswith(prefixes)

    def environment_allowed(env, initial=initial_pairs, risky=risky, str_encode=str_encode, fs_encoding=fs_encoding, fs_errors=fs_errors, type_=type_, str_=str_, bytes_=bytes_, dict_=dict_, dict_items=dict_.items, list_=list_, tuple_=tuple_, none=none):
        """A child's environment: the process's own (None), or one that changes no variable that loads code or finds commands."""
        kind = type_(env)
        if kind is none:
            return True
        pairs = []
        if kind is dict_:
            for key, value in dict_items(env):
                pairs.append((key, value))
        elif kind is list_ or kind is tuple_:
            for item in env:
                if type_(item) is not bytes_ or b"=" not in item[1:]:
                    return False
                at = item.index(b"=", 1)
                pairs.append((item[:at], item[at + 1 :]))
        else:
            return False
        for key, value in pairs:
            if type_(key) is str_:
                key = str_encode(key, fs_encoding, fs_errors)
            if type_(value) is str_:
                value = str_encode(value, fs_encoding, fs_errors)
            if type_(key) is not bytes_ or type_(value) is not bytes_:
                return False
            if risky(key) and (key, value) not in initial:
                return False
        return True

    start_path = tuple_(dict_(osc.environ).get(b"PATH", b"/bin:/usr/bin").split(b":"))

    def search_path(start_path=start_path, live=osc.environ, dict_items=dict_.items, type_=type_, bytes_=bytes_, tuple_=tuple_):
        """PATH's folders as the hook started, and those os.environ holds now if it holds others:
        subprocess and os.execvp find a bare name on os.environ's PATH, which a program can change
        without an event (os.environ._data); a child finds it on the environment it inherits."""
        for key, value in dict_items(live):
            if type_(key) is bytes_ and key == b"PATH":
                if type_(value) is not bytes_:
                    return None
                now = tuple_(value.split(b":"))
                return start_path if now == start_path else start_path + now
        return start_path

    def on_path(name, search_path=search_path, absolute=absolute, working_directory=working_directory, lstat=lstat, OSError_=OSError_):
        """What a bare program name stands for on PATH as it was when the hook started: every match, first first."""
        found = []
        cwd = working_directory()
        folders = search_path()
        if folders is None:
            return None
        for folder in folders:
            full = absolute((folder or b".") + b"/" + name, cwd)
            if full is None:
                continue
            try:
                lstat(full)
            except OSError_:
                continue
            found.append(full)
        return found

    program_files_exact, program_patterns, commands = [], [], []
    for entry in allow["programs"] if posix else ():
        if entry.strip() != entry or " " in entry or "\t" in entry:
            commands.append(entry)  # a whole command, for a shell
            continue
        data = encoded(entry)
        if data is None:
            continue
        wild = [at for at in (data.find(b"*"), data.find(b"?"), data.find(b"[")) if at != -1]
        if not wild:
            commands.append(entry)
            if b"/" in data:
                full = absolute(data, working_directory())
                if full is not None:
                    program_files_exact.append(full)
            else:
                program_files_exact.extend(on_path(data)[:1])
        elif b"/" not in data:
            program_patterns.append((None, wildcard(entry)))
        else:
            # The folders before the first wildcard are resolved now; the rest is matched.
            cut = data.rfind(b"/", 0, min(wild)) + 1
            base = absolute(data[:cut], working_directory()) if cut > 0 else None
            if base is not None:
                text = bytes_decode(base.rstrip(b"/") + b"/" + data[cut:], fs_encoding, fs_errors)
                program_patterns.append((True, wildcard(text)))
    program_files_exact = frozenset_(program_files_exact)
    program_patterns = tuple_(program_patterns)
    commands = frozenset_(commands)
    path_folders_for_names = tuple_(folder for folder in (absolute(entry or b".", working_directory()) for entry in search_path()) if folder is not None)
    shells = frozenset_((b"sh", b"bash", b"dash", b"zsh", b"ksh", b"mksh", b"ash", b"fish", b"csh", b"tcsh", b"busybox"))
    system_shell = resolve(b"/bin/sh") if posix else None

    def program_allowed(full, exact=program_files_exact, patterns=program_patterns, folders=path_folders_for_names, bytes_decode=bytes_decode, fs_encoding=fs_encoding, fs_errors=fs_errors):
        """A resolved program file is one the list names (a bare name as PATH found it when the hook started)."""
        if full in exact:
            return True
        at = full.rfind(b"/")
        for on_path_only, matches in patterns:
            if on_path_only is None:
                if (full[:at] or b"/") in folders and matches(bytes_decode(full[at + 1 :], fs_encoding, fs_errors)):
                    return True
            elif matches(bytes_decode(full, fs_encoding, fs_errors)):
                return True
        return False

    def program_files(value, cwd, search, path_of=path_of, REFUSE=REFUSE, absolute=absolute, on_path=on_path, lstat=lstat, OSError_=OSError_):
        """The files a program argument may run: the one a path names, or each match of a bare name; None to refuse."""
        path = path_of(value)
        if path is REFUSE or path == b"" or b"\0" in path:
            return None
        if b"/" in path:
            full = absolute(path, cwd)
            return None if full is None else [full]
        found = on_path(path) if search else []
        if found is None:
            return None
        full = absolute(path, cwd)
        if full is None:
            return None
        try:
            lstat(full)
            found.append(full)  # a bare name also runs from the working directory where PATH misses
        except OSError_:
            pass
        return found or None

    def shell_command(files, argv, shells=shells, system_shell=system_shell, REFUSE=REFUSE, type_=type_, str_=str_, bytes_=bytes_, list_=list_, tuple_=tuple_, len_=len_):
        """The command a shell program is given with -c; None where the program is no shell; REFUSE where unreadable."""
        shell = False
        for full in files:
            if full == system_shell or full[full.rfind(b"/") + 1 :] in shells:
                shell = True
        if not shell:
            return None
        if type_(argv) is not list_ and type_(argv) is not tuple_:
            return REFUSE
        at = 1
        while at < len_(argv):
            item = argv[at]
            if type_(item) is not str_ and type_(item) is not bytes_:
                return REFUSE
            if item == "-c" or item == b"-c" or (item[:1] in ("-", b"-") and item[-1:] in ("c", b"c") and item[1:2] not in ("-", b"-")):
                return argv[at + 1] if at + 1 < len_(argv) else REFUSE
            at += 1
        return None

    def command_allowed(command, commands=commands, type_=type_, str_=str_, bytes_=bytes_, bytes_decode=bytes_decode, Exception_=Exception_):
        """A shell command is allowed as a whole, exactly as the list holds it: a shell reads anything in it."""
        if type_(command) is bytes_:
            try:
                command = bytes_decode(command, "utf-8")
            except Exception_:
                return False
        return type_(command) is str_ and command in commands

    def programs_allowed(event, names, args, lstat=lstat, OSError_=OSError_, environment_allowed=environment_allowed, command_allowed=command_allowed, working_directory=working_directory, path_of=path_of, absolute=absolute, program_files=program_files, shell_command=shell_command, program_allowed=program_allowed, REFUSE=REFUSE, type_=type_, str_=str_, bytes_=bytes_, int_=int_, list_=list_, tuple_=tuple_, none=none, zip_=zip_):
        """The program the event starts, as the OS finds it, is allowed, and so is what it is given."""
        if names is None:
            return False
        named = {}
        for name, value in zip_(names, args):
            named[name] = value
        if not environment_allowed(named.get("env")):
            return False
        if event == "os.system":
            return command_allowed(named.get("command"))
        cwd = working_directory()
        argv = None
        if event == "subprocess.Popen":
            where = named.get("cwd")
            if where is not None:
                where = path_of(where)
                if where is REFUSE:
                    return False
                cwd = absolute(where, cwd)
            argv = named.get("args")
            program = named.get("executable")
            if program is None:
                if type_(argv) is str_ or type_(argv) is bytes_:
                    program = argv
                elif (type_(argv) is list_ or type_(argv) is tuple_) and argv:
                    program = argv[0]
                else:
                    return False
            files = program_files(program, cwd, True)
        elif event == "_posixsubprocess.fork_exec":
            # The child runs the first of exec_list it can: each of them must be allowed.
            argv = named.get("args")
            exec_list = named.get("exec_list")
            if (type_(exec_list) is not list_ and type_(exec_list) is not tuple_) or not exec_list:
                return False
            # subprocess lists every folder of PATH; the child runs the first file there is.
            files = []
            for item in exec_list:
                more = program_files(item, cwd, False)
                if more is None:
                    return False
                for full in more:
                    try:
                        lstat(full)
                        files.append(full)
                    except OSError_:
                        pass
            if not files:
                return False
        elif event == "os.exec" or event == "os.posix_spawn" or event == "os.spawn":
            argv = named.get("args", named.get("argv"))
            if type_(named.get("path")) is int_:
                return False  # exec through a descriptor: no path to allow
            files = program_files(named.get("path"), cwd, True)
        elif event == "pty.spawn":
            argv = named.get("argv")
            if type_(argv) is str_ or type_(argv) is bytes_:
                program = argv
            elif (type_(argv) is list_ or type_(argv) is tuple_) and argv:
                program = argv[0]
            else:
                return False
            files = program_files(program, cwd, True)
        else:
            return False  # fork, kill, limits, another process: they name no program to allow
        if files is None:
            return False
        command = shell_command(files, argv)
        if command is REFUSE:
            return False
        if command is not None:
            return command_allowed(command)
        for full in files:
            if not program_allowed(full):
                return False
        return True

    def environment_change_allowed(event, names, args, risky=risky, initial=initial_pairs, initial_names=initial_names, str_encode=str_encode, fs_encoding=fs_encoding, fs_errors=fs_errors, type_=type_, str_=str_, bytes_=bytes_, len_=len_):
        """Under an allow-list of programs: no variable that loads code into a child or finds its commands changes."""
        if event == "os._clearenv":
            for key in initial_names:
                if risky(key):
                    return False
            return True
        if not args:
            return False
        key = args[0]
        if type_(key) is str_:
            key = str_encode(key, fs_encoding, fs_errors)
        if type_(key) is not bytes_:
            return False
        if not risky(key):
            return True
        if event == "os.unsetenv":
            return key not in initial_names
        if len_(args) < 2:
            return False
        value = args[1]
        if type_(value) is str_:
            value = str_encode(value, fs_encoding, fs_errors)
        return type_(value) is bytes_ and (key, value) in initial

    # ---- modules and native libraries

    module_entries, library_files, module_folders = [], [], []
    for entry in allow["modules"]:
        if "/" in entry:
            # A library by its path, or a folder modules may be loaded from.
            data = encoded(entry) if posix else None
            full = None if data is None else absolute(data, working_directory())
            if full is not None:
                library_files.append(full)
                module_folders.append((full, full.rstrip(b"/") + b"/"))
        else:
            module_entries.append((entry, wildcard(entry)))
    module_entries = tuple_(module_entries)
    library_files = frozenset_(library_files)
    finders = hooks = ()
    suffixes = ()
    if allow["modules"] and posix:
        # Where the modules of this Python are as the hook starts: the standard library (where os
        # is), its extension modules, and site-packages (as site, loaded at start-up, lists them).
        standard = sys.modules["os"].__file__
        standard = standard[: standard.rfind("/")]
        places = [standard, standard + "/lib-dynload"]
        site = sys.modules.get("site")
        if site is not None:
            try:
                places.extend(site.getsitepackages())
                places.append(site.getusersitepackages())
            except Exception_:
                pass
        module_folders.extend(folders_of([place for place in places if type_(place) is str_ and place]))
        # Each module the list names is imported now, before the hook is added, from the module
        # folders alone (not the script's folder, nor the working directory), with everything it
        # imports: later imports of them find them loaded.
        search = list_(sys.path)
        sys.path[:] = [entry for entry in search if type_(entry) is str_ and entry and encoded(entry) is not None and under(absolute(encoded(entry), working_directory()) or b"", tuple_(module_folders))]
        try:
            for entry in allow["modules"]:
                if "/" not in entry and not any_(character in entry for character in "*?["):
                    try:
                        __import__(entry)
                    except Exception_:
                        pass  # not importable here: left to its import event
        finally:
            sys.path[:] = search
        external = sys.modules["_frozen_importlib_external"]
        suffixes = tuple_(str_encode(suffix) for suffix in list_(external.SOURCE_SUFFIXES) + list_(external.BYTECODE_SUFFIXES) + _imp.extension_suffixes())
        finders, hooks = tuple_(sys.meta_path), tuple_(sys.path_hooks)
    module_folders = tuple_(module_folders)
    module_dict = type_(sys).__dict__["__dict__"].__get__

    def name_allowed(name, entries=module_entries, len_=len_):
        for entry, matches in entries:
            if name == entry or (name[: len_(entry)] == entry and name[len_(entry) : len_(entry) + 1] == ".") or matches(name):
                return True
        return False

    def shadowed(top, search, folders=module_folders, suffixes=suffixes, under=under, absolute=absolute, path_of=path_of, working_directory=working_directory, lstat=lstat, REFUSE=REFUSE, str_encode=str_encode, fs_encoding=fs_encoding, fs_errors=fs_errors, OSError_=OSError_, DIRECTORY=DIRECTORY, KIND=KIND):
        """Whether a folder of a search path (sys.path, or a package's __path__) other than the module folders holds a module of that name, or may."""
        top = str_encode(top, fs_encoding, fs_errors)
        cwd = working_directory()
        for entry in search:
            folder = path_of(entry)
            if folder is REFUSE:
                return True
            full = absolute(folder or b".", cwd)
            if full is None:
                return True
            if under(full, folders):
                continue
            try:
                if lstat(full)[0] & KIND != DIRECTORY:
                    return True  # a zip archive, or anything else a finder may read modules from
            except OSError_:
                continue
            for suffix in (b"",) + suffixes:
                try:
                    lstat(full + b"/" + top + suffix)
                    return True
                except OSError_:
                    pass
        return False

    def all_known(items, known, same=same):
        """Whether every item is one of the objects known (the same object, not an equal one)."""
        for item in items:
            found = False
            for start in known:
                if same(item, start):
                    found = True
            if not found:
                return False
        return True

    def modules_allowed(event, names, args, all_known=all_known, modules=sys.modules, module_dict=module_dict, dict_items=dict_.items, name_allowed=name_allowed, shadowed=shadowed, path_of=path_of, absolute=absolute, under=under, working_directory=working_directory, folders=module_folders, library_files=library_files, finders=finders, hooks=hooks, REFUSE=REFUSE, type_=type_, str_=str_, bytes_=bytes_, list_=list_, bytes_decode=bytes_decode, fs_encoding=fs_encoding, fs_errors=fs_errors, zip_=zip_):
        """A module allowed by name and found where the hook started; a native library by its resolved path or bare name."""
        if names is None:
            return False
        named = {}
        for name, value in zip_(names, args):
            named[name] = value
        if event == "import":
            name = named.get("module")
            if type_(name) is not str_ or name == "" or not name_allowed(name):
                return False
            filename = named.get("filename")
            if filename is not None:
                # An extension module being loaded: only from a module folder.
                path = path_of(filename)
                full = None if path is REFUSE else absolute(path, working_directory())
                return full is not None and under(full, folders)
            search, meta_path, path_hooks = named.get("sys.path"), named.get("sys.meta_path"), named.get("sys.path_hooks")
            if type_(search) is not list_ or type_(meta_path) is not list_ or type_(path_hooks) is not list_:
                return False
            if not all_known(meta_path, finders) or not all_known(path_hooks, hooks):
                return False
            parent, dot, last = name.rpartition(".")
            if not dot:
                return not shadowed(name, search)
            # A submodule is found on its package's __path__, which a program can change without an
            # event: the package as loaded, and each folder of its __path__.
            package = None
            for key, module in dict_items(modules):
                if type_(key) is str_ and key == parent:
                    package = module
            if package is None:
                # Not loaded yet (the event comes before its package's): the package is imported
                # first, under its own event, with the __path__ it is loaded with.
                return True
            found = None
            for key, value in dict_items(module_dict(package)):
                if type_(key) is str_ and key == "__path__":
                    found = value
            if type_(found) is not list_:
                return False  # a namespace package's path, or none: not read
            for entry in found:
                if type_(entry) is not str_:
                    return False
            return not shadowed(last, found)
        if event == "ctypes.dlopen" or event == "sqlite3.load_extension":
            value = named.get("name", named.get("path"))
            if value is None:
                return event == "ctypes.dlopen"  # the program itself: nothing new is loaded
            path = path_of(value)
            if path is REFUSE or path == b"" or b"\0" in path:
                return False
            if b"/" in path:
                full = absolute(path, working_directory())
                return full is not None and full in library_files
            return name_allowed(bytes_decode(path, fs_encoding, fs_errors))
        name = named.get("name")
        if type_(name) is bytes_:
            name = bytes_decode(name, "utf-8", "surrogateescape")
        return type_(name) is str_ and name != "" and name_allowed(name)

    matchers = {
        "paths": paths_allowed,
        "hosts": hosts_allowed,
        "programs": programs_allowed,
        "environment": environment_change_allowed,
        "modules": modules_allowed,
    }
    # The hook's own functions, by their code (the constants of this factory): code that finds them
    # through gc may read them, and may not rebind what they call (their __defaults__ or __code__).
    code_type = type_(_audit_policy.__code__)
    own_code = frozenset_(const for const in _audit_policy.__code__.co_consts if type_(const) is code_type)

    def own_function(event, names, args, own_code=own_code, function_code=type_.__dict__["__dict__"].__get__(type_(to_fd))["__code__"].__get__, function=type_(to_fd), type_=type_, len_=len_):
        """Whether an attribute is being set or deleted on one of the hook's own functions."""
        return len_(args) > 0 and type_(args[0]) is function and function_code(args[0]) in own_code

    # The rules as tuples sorted by event, found by bisection; a frozenset answers "not covered"
    # at once. Nothing in them can be changed, even by code that finds them through gc.
    table = {}
    for event, (action, kind, shapes) in policy["rules"].items():
        table[event] = (action, matchers.get(kind), tuple_(sorted((length, tuple_(names)) for length, names in shapes.items())))
    for event in ("object.__setattr__", "object.__delattr__"):
        table[event] = ("protect", own_function, table[event] if event in table else None)
    names = tuple_(sorted(table))
    rules = tuple_(table[event] for event in names)
    covered = frozenset_(names)

    def decide(event, args, names=names, rules=rules, find=_bisect.bisect_left, report=report, described=described, report_only=policy["report_only"], Exception_=Exception_, len_=len_):
        """None where the event passes (reported, if the policy logs it or only reports); else the denial's message."""
        action, matcher, shapes = rules[find(names, event)]
        if action == "protect":
            # Always, whatever the policy: the hook's own functions keep what they were given.
            if matcher(event, None, args):
                return "denied " + described(event, args)
            if shapes is None:
                return None
            action, matcher, shapes = shapes  # the policy's own rule for the event
        if action == "log":
            report(described(event, args))
            return None
        if action == "unless":
            # The argument names of a tuple of this length. An event no version documents is
            # matched by its values' types (None); a length no version sends is not allowed.
            known = None
            for length, argument_names in shapes:
                if length == len_(args):
                    known = argument_names
            if known is not None or not shapes:
                try:
                    if matcher(event, known, args):
                        return None
                except Exception_:
                    pass  # an argument the matcher cannot read is not allowed
        message = "denied " + described(event, args)
        if report_only:
            report("would have " + message)
            return None
        return message

    def enforce(event, args, decide=decide, errors=errors, contain=contain, gc_enabled=gc.isenabled, gc_disable=gc.disable, gc_enable=gc.enable, type_=type_, str_=str_):
        # To contain code, no collection runs while the hook works: a finaliser would run the
        # program's own code there, with the hook's frame below it.
        paused = contain and gc_enabled()
        if paused:
            gc_disable()
        try:
            message = decide(event, args)
        finally:
            if paused:
                gc_enable()
        if message is None:
            return
        if event == "import":
            # Named, as the import system names its own: `import x` falls back on ImportError,
            # and site passes over a usercustomize it cannot import.
            error = errors[1](message, name=args[0] if args and type_(args[0]) is str_ else None)
        else:
            error = errors[0](message)
        # This frame goes into the traceback: nothing of the hook stays in it.
        del decide, errors, contain, gc_enabled, gc_disable, gc_enable, type_, str_
        raise error

    def hook(event, args, covered=covered, enforce=enforce):
        # As few arguments as can be: an event no rule covers costs one lookup.
        if event in covered:
            try:
                enforce(event, args)
            except:  # noqa: E722 (every exception, without looking a name up)
                del covered, enforce  # nothing of the hook stays in the traceback's frame
                raise

    return hook


# [policy]
_POLICY = {
    "purpose": "guard",
    "report_only": False,
    "output": "stderr",
    "argument_limit": 200,
    "rules": {"os.system": ("log", None, {1: ("command",)})},
    "allow": {"paths": (), "hosts": (), "programs": (), "modules": ()},
    "path_arguments": ("path", "src", "dst"),
    "risky_environment": (("PATH",), ("LD_",)),
}
# [/policy]

sys.addaudithook(_audit_policy(_POLICY))
del _audit_policy, _POLICY
