# Attack: a URL whose user info looks like the allowed host
# Policy: hosts
# Expect: stopped
import urllib.request

attempt(lambda: urllib.request.urlopen("http://127.0.0.2@127.0.0.1:%d/" % PORT, timeout=5).read())
