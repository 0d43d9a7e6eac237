# Attack: none; a host the list names, by name and through urllib, must keep working
# Policy: hosts on the server's port
# Expect: allowed
import urllib.request


def use():
    first = talk("127.0.0.1", PORT)
    return first, urllib.request.urlopen("http://127.0.0.1:%d/" % PORT, timeout=5).read()[:5]


attempt(use)
