# Attack: add a folder of one's own to an allowed package's __path__, and import a submodule from it
# Policy: modules
# Expect: stopped
# --- setup ---
os.mkdir(os.path.join(INSIDE, "plant"))
with open(os.path.join(INSIDE, "plant", "planted.py"), "w") as module:
    module.write("PLANTED = True\n")
# --- attack ---
def plant():
    import json

    json.__path__.append(os.path.join(INSIDE, "plant"))
    import json.planted

    return json.planted.PLANTED


attempt(plant)
