# Attack: turn the hook off through its module, as an older hook allowed (_RULES.clear(), _busy, REPORT_ONLY, _ALLOW)
# Policy: files
# Expect: stopped
def disable():
    for name in ("sitecustomize", "audit_policy"):
        module = sys.modules.get(name)
        if module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if attribute.startswith("__"):
                continue
            if isinstance(value, dict):
                value.clear()
            elif isinstance(value, (set, list)):
                value.clear()
            elif hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
                try:
                    value.active = True
                except Exception:
                    pass
        for attribute in ("REPORT_ONLY", "_REPORT_ONLY"):
            setattr(module, attribute, True)
        setattr(module, "_ALLOW", {"paths": ("/",)})
    return read(SECRET)


attempt(disable)
