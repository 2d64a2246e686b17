// churn.c — synthetic multithreaded mmap/munmap/mprotect/mremap churn for the
// 1,000,000-event benchmark. Usage: churn [EVENTS [THREADS [LIVE]]]
// (defaults 1000000, 4, 3000). Each thread owns LIVE/THREADS slots, fills them
// first; about 3/4 of them stay mapped, and mprotect splits add VMAs, so the default keeps 2,000+ live regions, then does EVENTS/THREADS random
// operations: mmap into an empty slot, munmap a slot, mprotect part of a slot
// (a split), or mremap a slot (shrink, or grow with MAYMOVE). Every operation is
// one traced syscall, so the trace has about EVENTS memory events plus the
// start-up ones. A fixed seed per thread keeps the sequence of calls the same
// from run to run (addresses still depend on ASLR and thread interleaving).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096UL

struct slot { char *addr; size_t len; };
struct job { long id; long ops; long slots; struct slot *s; };

static unsigned long next_rand(unsigned long *x) {
  *x ^= *x << 13; *x ^= *x >> 7; *x ^= *x << 17;
  return *x;
}

static void *run(void *arg) {
  struct job *j = arg;
  unsigned long rng = 0x9e3779b97f4a7c15UL ^ (unsigned long)(j->id + 1) * 0x100000001b3UL;
  long done = 0;
  for (long i = 0; i < j->slots && done < j->ops; i++, done++) {
    size_t len = (1 + next_rand(&rng) % 8) * PG;
    j->s[i].addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (j->s[i].addr == MAP_FAILED) _exit(10);
    j->s[i].len = len;
  }
  for (; done < j->ops; done++) {
    struct slot *s = &j->s[next_rand(&rng) % (unsigned long)j->slots];
    unsigned long op = next_rand(&rng) % 8;
    if (s->addr == NULL) {
      size_t len = (1 + next_rand(&rng) % 8) * PG;
      int prot = op & 1 ? PROT_READ : PROT_READ | PROT_WRITE;
      s->addr = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (s->addr == MAP_FAILED) _exit(11);
      s->len = len;
    } else if (op < 3) {
      if (munmap(s->addr, s->len) != 0) _exit(12);
      s->addr = NULL;
    } else if (op < 6) {
      size_t pages = s->len / PG;
      size_t first = next_rand(&rng) % pages;
      int prot = op == 3 ? PROT_READ : op == 4 ? PROT_NONE : PROT_READ | PROT_WRITE;
      if (mprotect(s->addr + first * PG, PG, prot) != 0) _exit(13);
    } else {
      size_t len = (1 + next_rand(&rng) % 8) * PG;
      // EFAULT when an earlier mprotect split the slot: a failed call is
      // still one event, and the slot stays as it was.
      char *n = mremap(s->addr, s->len, len, MREMAP_MAYMOVE);
      if (n != MAP_FAILED) {
        s->addr = n;
        s->len = len;
      }
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  long events = argc > 1 ? atol(argv[1]) : 1000000;
  long threads = argc > 2 ? atol(argv[2]) : 4;
  long live = argc > 3 ? atol(argv[3]) : 3000;
  if (events < 1 || threads < 1 || threads > 256 || live < threads) {
    fprintf(stderr, "usage: churn [EVENTS [THREADS [LIVE]]]\n");
    return 2;
  }
  pthread_t t[256];
  struct job jobs[256];
  for (long i = 0; i < threads; i++) {
    jobs[i].id = i;
    jobs[i].ops = events / threads + (i < events % threads ? 1 : 0);
    jobs[i].slots = live / threads;
    jobs[i].s = calloc((size_t)jobs[i].slots, sizeof(struct slot));
    if (jobs[i].s == NULL || pthread_create(&t[i], NULL, run, &jobs[i]) != 0) return 1;
  }
  for (long i = 0; i < threads; i++) pthread_join(t[i], NULL);
  return 0;
}
