# Attack: none; a logging handler that fails must not fail the operation the policy logs
# Policy: logged through logging
# Expect: allowed
import logging


class Broken(logging.Handler):
    def emit(self, record):
        raise RuntimeError("this handler always fails")


logger = logging.getLogger("audit_policy")
logger.addHandler(Broken())
logger.propagate = False
logging.raiseExceptions = True


def use():
    os.environ["AUDIT_ATTACK"] = "logged"  # os.putenv: the policy logs it
    return os.environ["AUDIT_ATTACK"]


attempt(use)
