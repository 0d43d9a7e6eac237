# Attack: load a module from a zip archive through zipimport by hand
# Policy: modules
# Expect: stopped
# Gap: both all: zipimport's own loading raises no import event
# Narrow: exec
# --- setup ---
import zipfile

with zipfile.ZipFile(os.path.join(INSIDE, "bundle.zip"), "w") as bundle:
    bundle.writestr("zipped.py", "FROM_ZIP = True\n")
# --- attack ---
import zipimport


def load():
    importer = zipimport.zipimporter(os.path.join(INSIDE, "bundle.zip"))
    code = importer.get_code("zipped")
    namespace = {}
    exec(code, namespace)
    return namespace["FROM_ZIP"]


attempt(load)
