// snap.h — ground-truth snapshots for vmtrace's test programs.
//
// snap(n, label) marks the moment in the trace, then copies /proc/self/maps
// into $VMTRACE_TRUTH/<pid>-<n>.maps (stdout when unset) and appends one line
// "<pid>\t<tid>\t<n>\t<marker address>\t<label>" to $VMTRACE_TRUTH/labels.tsv.
//
// The marker is madvise(SNAP_MARKER(n), 0, MADV_NORMAL): madvise is in strace's
// %memory class (so every capture that traces memory calls shows it), a zero
// length returns 0 without touching any VMA (mm/madvise.c: `if (end == start)
// return 0` after the alignment check), and the address 0xdead0000 + n pages
// says which snapshot it is: `madvise(0xdead3000, 0, MADV_NORMAL) = 0` is n=3.
// The maps text is read after the marker returns, so it is the state after the
// marker's step (nothing else runs in this thread in between; callers make
// sure other threads are parked).
//
// No stdio and no malloc: the copy goes through a static .bss buffer and raw
// open/read/write so that taking a snapshot does not itself change the maps
// (open/close are traced as fd events only).
#ifndef SNAP_H
#define SNAP_H
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SNAP_MARKER(n) ((void *)(0xdead0000UL + (unsigned long)(n) * 4096UL))

static char snap_buf[1 << 21];

static void snap_write_all(int fd, const char *p, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w <= 0) _exit(99);
    p += w;
    len -= (size_t)w;
  }
}

static void snap(int n, const char *label) {
  if (madvise(SNAP_MARKER(n), 0, MADV_NORMAL) != 0) _exit(98);
  int in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (in < 0) _exit(97);
  size_t used = 0;
  for (;;) {
    ssize_t r = read(in, snap_buf + used, sizeof snap_buf - used);
    if (r < 0) _exit(96);
    if (r == 0) break;
    used += (size_t)r;
    if (used == sizeof snap_buf) _exit(95);
  }
  close(in);
  const char *dir = getenv("VMTRACE_TRUTH");
  if (dir == NULL || dir[0] == '\0') {
    snap_write_all(1, snap_buf, used);
    return;
  }
  char path[4096];
  int pid = (int)getpid();
  snprintf(path, sizeof path, "%s/%d-%d.maps", dir, pid, n);
  int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) _exit(94);
  snap_write_all(out, snap_buf, used);
  close(out);
  char line[512];
  int len = snprintf(line, sizeof line, "%d\t%ld\t%d\t%p\t%s\n", pid, (long)syscall(SYS_gettid), n,
                     SNAP_MARKER(n), label);
  snprintf(path, sizeof path, "%s/labels.tsv", dir);
  out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) _exit(93);
  snap_write_all(out, line, (size_t)len);
  close(out);
}

#endif
