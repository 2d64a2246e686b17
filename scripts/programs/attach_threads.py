# attach_threads.py — a multithreaded program already running when strace attaches to it
# (traces/attach-threads, recorded by scripts/record-attach.sh with the trace on strace's stderr,
# where strace says `Process PID attached with 3 threads`). It starts two threads and says
# "ready"; on the GO file each thread maps three 1 MiB shared anonymous regions (such VMAs never
# merge), then all meet; the main thread marks the moment with snap.h's marker,
# madvise(0xdead1000, 0, MADV_NORMAL), and copies /proc/self/maps to OUT, the regions' addresses
# on the first line; then the threads end.
import ctypes
import mmap
import os
import sys
import threading
import time

go, out = sys.argv[1], sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
mapped = threading.Barrier(3)
done = threading.Event()
regions = []


def work():
    while not os.path.exists(go):
        time.sleep(0.01)
    mine = [mmap.mmap(-1, 1 << 20) for _ in range(3)]
    regions.extend(ctypes.addressof(ctypes.c_char.from_buffer(m)) for m in mine)
    mapped.wait()
    done.wait()


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
print('ready', flush=True)
mapped.wait()
if libc.madvise(0xDEAD1000, 0, 0) != 0:
    sys.exit('madvise failed')
with open('/proc/self/maps') as f:
    maps = f.read()
with open(out, 'w') as f:
    f.write(' '.join('%x' % a for a in sorted(regions)) + '\n' + maps)
done.set()
for t in threads:
    t.join()
