# Attack: os.system with an allowed program first and another after it
# Policy: programs
# Expect: stopped
attempt(lambda: os.system("true; cat " + SECRET + " > " + os.path.join(INSIDE, "copied")) == 0 and read("copied"))
