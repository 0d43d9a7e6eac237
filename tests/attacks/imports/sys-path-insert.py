# Attack: put a folder of one's own first on sys.path, with a module named like an allowed one
# Policy: modules
# Expect: stopped
# --- setup ---
os.mkdir(os.path.join(INSIDE, "plant"))
with open(os.path.join(INSIDE, "plant", "colorsys.py"), "w") as module:
    module.write("PLANTED = True\n")
# --- attack ---
def plant():
    sys.path.insert(0, os.path.join(INSIDE, "plant"))
    sys.modules.pop("colorsys", None)  # loaded when the hook started: loaded again, from here
    import colorsys

    return colorsys.PLANTED


attempt(plant)
