// splits.c — mmap/munmap/mprotect splits and merges, mremap shrink/grow/move/
// FIXED/DONTUNMAP, MAP_FIXED replacement and brk growth, with a ground-truth
// snapshot (snap.h) after each group. Single-threaded and deterministic under
// `setarch -R`, so it is also the program of the traces/flags-* variants.
#include "snap.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

#define PG 4096UL

static char *map_anon(void *hint, size_t len, int prot, int extra) {
  void *p = mmap(hint, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);
  if (p == MAP_FAILED) _exit(10);
  return p;
}

int main(int argc, char **argv) {
  (void)argc;
  snap(1, "start of main");

  // A 16-page anonymous region; protecting its middle splits it into three.
  char *a = map_anon(NULL, 16 * PG, PROT_READ | PROT_WRITE, 0);
  if (mprotect(a + 4 * PG, 2 * PG, PROT_READ) != 0) _exit(11);
  snap(2, "16-page rw region split in three by mprotect(PROT_READ) of pages 4-5");

  // Back to rw: the three VMAs merge again.
  if (mprotect(a + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE) != 0) _exit(12);
  snap(3, "mprotect back to rw: merged into one VMA");

  // A hole in the middle: two VMAs.
  if (munmap(a + 6 * PG, 3 * PG) != 0) _exit(13);
  snap(4, "munmap of pages 6-8: two VMAs");

  // mremap: reserve 32 pages, free the top 24, then shrink and grow in place.
  char *r = map_anon(NULL, 32 * PG, PROT_READ | PROT_WRITE, 0);
  if (munmap(r + 8 * PG, 24 * PG) != 0) _exit(14);
  if (mremap(r, 8 * PG, 4 * PG, 0) != r) _exit(15);
  snap(5, "mremap shrink in place 8 -> 4 pages");
  if (mremap(r, 4 * PG, 12 * PG, 0) != r) _exit(16);
  snap(6, "mremap grow in place 4 -> 12 pages");

  // Grow where there is no room: a guard page right after it forces a move.
  char *guard = map_anon(r + 12 * PG, PG, PROT_NONE, MAP_FIXED);
  char *moved = mremap(r, 12 * PG, 20 * PG, MREMAP_MAYMOVE);
  if (moved == MAP_FAILED || moved == r) _exit(17);
  snap(7, "mremap grow 12 -> 20 pages with MAYMOVE: moved (guard page blocked growth)");

  // MREMAP_FIXED to a chosen place: the page right after the guard.
  char *target = guard + PG;
  char *fixed = mremap(moved, 20 * PG, 6 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  if (fixed != target) _exit(18);
  snap(8, "mremap MAYMOVE|FIXED 20 -> 6 pages to just after the guard page");

  // MREMAP_DONTUNMAP: the old range stays mapped (emptied).
  char *d = mremap(fixed, 6 * PG, 6 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
  if (d == MAP_FAILED) _exit(19);
  snap(9, "mremap MAYMOVE|DONTUNMAP: old range kept, new copy elsewhere");

  // MAP_FIXED replacement: put the executable's first page over page 2 of `a`.
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) _exit(20);
  if (mmap(a + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) != a + 2 * PG) _exit(21);
  close(fd);
  snap(10, "MAP_FIXED file page (the executable, offset 0) over page 2 of the first region");

  // MAP_FIXED anonymous replacement of the whole first part: merges back.
  map_anon(a, 6 * PG, PROT_READ | PROT_WRITE, MAP_FIXED);
  snap(11, "MAP_FIXED anon rw over pages 0-5 of the first region");

  // brk: grow by 64 KiB, then by 1 page, then shrink by 2 pages.
  char *b0 = (char *)syscall(SYS_brk, 0);
  if ((char *)syscall(SYS_brk, b0 + 16 * PG) != b0 + 16 * PG) _exit(22);
  snap(12, "brk grown by 16 pages");
  if ((char *)syscall(SYS_brk, b0 + 17 * PG) != b0 + 17 * PG) _exit(23);
  if ((char *)syscall(SYS_brk, b0 + 15 * PG) != b0 + 15 * PG) _exit(24);
  snap(13, "brk grown by 1 page, then shrunk by 2");

  // Unmap across several VMAs at once.
  if (munmap(a, 16 * PG) != 0) _exit(25);
  snap(14, "munmap over the whole first region (several VMAs)");
  (void)argv;
  return 0;
}
