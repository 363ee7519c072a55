#!/bin/bash
# bench/hub_console.sh : sourced by the bench scripts that talk to the AsaEmu headend's CLI in netns hub over
# telnet (127.0.0.1:2323, password cisco, empty enable password), as the hub.sh HUB_CMD of scale.sh and soak.sh starts it.
# console MODE ARGS... : over telnet to the hub, `show CMD...` runs each command with the pager off and prints
# "CMD: SECONDS s" and its output; `page CMD PAGES` runs CMD with the pager at 24 lines and prints
# "CMD: first page SECONDS s" and "page N: SECONDS s" for each key pressed, then "q: SECONDS s".
console() { ip netns exec hub python3 - "$@" <<'PY'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', 2323), timeout=60)
seen = b''
def until(*marks):
    global seen
    end = time.time() + 120
    while time.time() < end:
        for m in marks:
            if seen.replace(b'\xff', b'').rstrip().endswith(m):
                out, seen = seen, b''
                return out
        data = s.recv(65536)
        if not data: break
        seen += data
    raise SystemExit('no prompt %r' % (marks,))
def send(line, end='\r\n'): s.sendall(line.encode() + end.encode())
until(b'Password:'); send('cisco'); until(b'>'); send('enable'); until(b'Password:'); send(''); until(b'#')
mode = sys.argv[1]
if mode == 'show':
    send('terminal pager 0'); until(b'#')
    for command in sys.argv[2:]:
        start = time.monotonic(); send(command); out = until(b'#')
        sys.stdout.write('%s: %.3f s\n%s' % (command, time.monotonic() - start, out.decode('ascii', 'replace').replace('\r', '')))
else:
    command, pages = sys.argv[2], int(sys.argv[3])
    more = b'<--- More --->'
    send('terminal pager 24'); until(b'#')
    start = time.monotonic(); send(command); out = until(more, b'#')
    print('%s: first page %.3f s' % (command, time.monotonic() - start))
    for n in range(1, pages + 1):
        if not out.replace(b'\xff', b'').rstrip().endswith(more): break
        start = time.monotonic(); send(' ', end=''); out = until(more, b'#')
        print('page %d: %.3f s' % (n, time.monotonic() - start))
    if out.replace(b'\xff', b'').rstrip().endswith(more):
        start = time.monotonic(); send('q', end=''); until(b'#')
        print('q: %.3f s' % (time.monotonic() - start))
send('exit')
PY
}
show() { console show "$@"; }
