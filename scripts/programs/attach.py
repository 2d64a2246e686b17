# attach.py — a program that is already running when strace attaches to it (traces/attach,
# recorded by scripts/record-attach.sh). It says "ready", waits for the GO file, then maps 5
# shared anonymous pages (MAP_SHARED|MAP_ANONYMOUS: such a VMA never merges with a neighbour),
# makes the middle page read-only (a split into three VMAs), marks the moment with snap.h's
# marker, madvise(0xdead1000, 0, MADV_NORMAL), and copies /proc/self/maps to OUT with the
# mapping's address on the first line.
import ctypes
import mmap
import os
import sys
import time

go, out = sys.argv[1], sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
libc.mprotect.argtypes = libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
print('ready', flush=True)
while not os.path.exists(go):
    time.sleep(0.01)
m = mmap.mmap(-1, 5 * 4096)
addr = ctypes.addressof(ctypes.c_char.from_buffer(m))
if libc.mprotect(addr + 2 * 4096, 4096, mmap.PROT_READ) != 0 or libc.madvise(0xDEAD1000, 0, 0) != 0:
    sys.exit('mprotect or madvise failed')
with open('/proc/self/maps') as f:
    maps = f.read()
with open(out, 'w') as f:
    f.write('%x\n' % addr + maps)
