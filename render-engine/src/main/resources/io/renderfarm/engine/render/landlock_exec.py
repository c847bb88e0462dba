# The farm's renderer sandbox (see RendererSandbox): runs a program confined by Linux Landlock, so it and everything
# it starts may read (and run) only what --read names and write only under what --write names; the kernel refuses
# every other path, whoever owns the file. Arguments: [--read PATH | --write PATH]... -- PROGRAM [ARG]...
# It never runs the program unconfined: without Landlock it exits 125 with one line saying so.
import ctypes
import os
import shutil
import signal
import sys

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
ABI_1 = (1 << 13) - 1  # execute .. make_sym: every right of Landlock's first version
READ = EXECUTE | READ_FILE | READ_DIR
ON_FILES = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # rights a rule on a file (not a folder) may grant
CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446  # the same numbers on every architecture
PR_SET_NO_NEW_PRIVS = 38


class PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def fail(message):
    sys.stderr.write("renderfarm sandbox: " + message + "\n")
    sys.exit(125)


def parse(args):
    reads, writes, i = [], [], 0
    while i < len(args) and args[i] != "--":
        if args[i] not in ("--read", "--write") or i + 1 >= len(args):
            fail("bad argument " + repr(args[i]))
        (reads if args[i] == "--read" else writes).append(args[i + 1])
        i += 2
    if i + 1 >= len(args):
        fail("no program to run")
    return reads, writes, args[i + 1:]


def main(args):
    reads, writes, command = parse(args)
    program = shutil.which(command[0]) or command[0]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        fail("this kernel cannot confine the renderer: Linux Landlock (5.13 or later) is not available ("
             + os.strerror(ctypes.get_errno()) + ")")
    handled = ABI_1 | (REFER if abi >= 2 else 0) | (TRUNCATE if abi >= 3 else 0) | (IOCTL_DEV if abi >= 5 else 0)
    attr = ctypes.c_uint64(handled)
    ruleset = libc.syscall(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(8), ctypes.c_uint32(0))
    if ruleset < 0:
        fail("cannot create a Landlock ruleset: " + os.strerror(ctypes.get_errno()))
    for path, rights in [(p, READ) for p in reads + [program]] + [(p, handled) for p in writes]:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue  # not on this machine: nothing to grant
        allowed = rights & handled if os.path.isdir(path) else rights & handled & ON_FILES
        rule = PathBeneath(allowed, fd)
        if libc.syscall(ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            fail("cannot grant " + path + ": " + os.strerror(ctypes.get_errno()))
        os.close(fd)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        fail("cannot set no_new_privs: " + os.strerror(ctypes.get_errno()))
    if libc.syscall(RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
        fail("cannot confine the renderer: " + os.strerror(ctypes.get_errno()))
    os.close(ruleset)
    # Python ignores SIGPIPE and SIGXFSZ, and an ignored signal stays ignored across exec: give the renderer the
    # defaults it would have had (a full file-size quota kills it, as it would unconfined).
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    try:
        os.execv(program, command)
    except OSError as e:
        fail("cannot run " + command[0] + ": " + e.strerror)


main(sys.argv[1:])
