"""pty_run.py ANSWER CMD...: runs CMD on a pseudo-terminal (stdin, stdout and stderr), types ANSWER
and a newline when it prints a question ending in ': ', and prints everything it wrote. Exits with
CMD's exit code; gives up after 20 seconds."""
import os
import pty
import select
import sys
import time

answer = sys.argv[1].encode() + b"\n"
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
output = b""
answered = False
deadline = time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not answered and output.endswith(b": "):
            os.write(fd, answer)
            answered = True
else:
    os.kill(pid, 9)
    sys.stdout.write(output.decode(errors="replace") + "\n[pty_run: timed out]\n")
    sys.exit(124)
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
