// forks.c — fork and vfork with ground-truth snapshots (snap.h) in parent and
// children: a fork child that maps memory, a fork child that execs this program
// again (`forks exec-child`), and a vfork child that execs it too.
#include "snap.h"
#include <sys/wait.h>

#define PG 4096UL

static void wait_child(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) _exit(30);
}

// The real path of this program, so the execve lines name a file that the
// exec-layout inference can open later (/proc/self/exe would name the reader).
static char self_path[4096];

int main(int argc, char **argv) {
  ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
  if (n <= 0) _exit(9);
  self_path[n] = '\0';
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
    snap(argc > 2 ? atoi(argv[2]) : 50, "exec'd child at start of main");
    return 0;
  }
  char *shared = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  char *priv = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED || priv == MAP_FAILED) _exit(10);
  if (madvise(priv + 3 * PG, PG, MADV_DONTFORK) != 0) _exit(11);
  snap(1, "parent before fork: shared and private regions, last private page DONTFORK");

  pid_t c = fork();
  if (c < 0) _exit(12);
  if (c == 0) {
    snap(10, "fork child right after fork (DONTFORK page absent)");
    char *m = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || munmap(shared, PG) != 0) _exit(13);
    snap(11, "fork child after its own mmap and munmap of the first shared page");
    _exit(0);
  }
  wait_child(c);
  snap(2, "parent after the first child exited (unchanged by the child)");

  c = fork();
  if (c < 0) _exit(14);
  if (c == 0) {
    execl(self_path, argv[0], "exec-child", "20", (char *)NULL);
    _exit(15);
  }
  wait_child(c);

  c = vfork();
  if (c < 0) _exit(16);
  if (c == 0) {
    execl(self_path, argv[0], "exec-child", "30", (char *)NULL);
    _exit(17);
  }
  wait_child(c);
  if (munmap(priv, 2 * PG) != 0) _exit(18);
  snap(3, "parent after the vfork child exec'd and exited, and a munmap");
  return 0;
}
