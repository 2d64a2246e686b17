// threads.c — four threads map, protect and unmap regions concurrently; the
// main thread takes ground-truth snapshots (snap.h) only while every worker is
// parked on a barrier, so each snapshot is an exact state of the trace.
#include "snap.h"
#include <pthread.h>

#define PG 4096UL
#define WORKERS 4
#define PER_THREAD 8

static pthread_barrier_t parked, resume;
static char *regions[WORKERS][PER_THREAD];

static void park(void) {
  pthread_barrier_wait(&parked);  // main snapshots now
  pthread_barrier_wait(&resume);
}

static void *worker(void *arg) {
  long w = (long)arg;
  size_t len = (size_t)(w + 1) * 2 * PG;
  for (int i = 0; i < PER_THREAD; i++) {
    regions[w][i] = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (regions[w][i] == MAP_FAILED) _exit(10);
  }
  // Split one region: read-only first page.
  if (mprotect(regions[w][0], PG, PROT_READ) != 0) _exit(11);
  park();
  // Unmap every other region, and the tail page of region 1.
  for (int i = 2; i < PER_THREAD; i += 2)
    if (munmap(regions[w][i], len) != 0) _exit(12);
  if (munmap(regions[w][1] + len - PG, PG) != 0) _exit(13);
  park();
  return NULL;
}

int main(void) {
  pthread_t t[WORKERS];
  pthread_barrier_init(&parked, NULL, WORKERS + 1);
  pthread_barrier_init(&resume, NULL, WORKERS + 1);
  snap(1, "main thread before creating workers");
  for (long w = 0; w < WORKERS; w++)
    if (pthread_create(&t[w], NULL, worker, (void *)w) != 0) _exit(20);
  pthread_barrier_wait(&parked);
  snap(2, "workers parked after mapping 8 regions each and mprotecting one page");
  pthread_barrier_wait(&resume);
  pthread_barrier_wait(&parked);
  snap(3, "workers parked after unmapping half their regions and a tail page");
  pthread_barrier_wait(&resume);
  for (int w = 0; w < WORKERS; w++) pthread_join(t[w], NULL);
  snap(4, "after joining all workers (their stacks stay cached by glibc)");
  return 0;
}
