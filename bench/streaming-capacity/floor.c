// The machine's floor for the streaming-capacity bench: what N loopback TCP connections cost with nothing but the kernel
// in the way. One sender thread writes ~200 bytes (a token event's size) on each connection every INTER ms, spread evenly
// over the period, at absolute deadlines (clock_nanosleep); one receiver thread on epoll timestamps every arrival.
// No HTTP, no runtime, no allocation: any server, in any language, that sends one TCP segment per event pays at least this.
// Usage: floor [connections=5000] [interMs=20] [seconds=6]
// Prints one line: "floor <connections> <gaps> <gap err p50 ms> <p99 ms> <max ms> <sender cpu s> <receiver cpu s>".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int n, inter_ms, secs;
static int *srv, *cli;
static long long *prev;
static double *errs; static long nerr, cap;
static long long start_ns;
static volatile int done;

static double thread_cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double sender_cpu;

static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

static void *sender(void *arg) {
  (void)arg;
  char msg[200]; memset(msg, 'x', sizeof msg); msg[198] = '\n'; msg[199] = '\n';
  long long period = inter_ms * 1000000LL;
  long long end = start_ns + secs * 1000000000LL;
  long long k = 0;
  // slot i of N fires at start + (i * period / N) + k * period
  for (;;) {
    for (int i = 0; i < n; i++) {
      long long due = start_ns + (long long)i * period / n + k * period;
      if (due > end) { sender_cpu = thread_cpu(); done = 1; return NULL; }
      long long t = now_ns();
      if (due > t) { struct timespec ts = { due / 1000000000LL, due % 1000000000LL }; clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL); }
      if (send(srv[i], msg, sizeof msg, MSG_NOSIGNAL) < 0) { perror("send"); exit(1); }
    }
    k++;
  }
}

static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 5000; inter_ms = argc > 2 ? atoi(argv[2]) : 20; secs = argc > 3 ? atoi(argv[3]) : 6;
  srv = calloc(n, sizeof *srv); cli = calloc(n, sizeof *cli); prev = calloc(n, sizeof *prev);
  cap = (long)n * (secs * 1000 / inter_ms + 2); errs = malloc(cap * sizeof *errs);
  int l = socket(AF_INET, SOCK_STREAM, 0); int one = 1; setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  bind(l, (void *)&a, sizeof a); listen(l, 4096); socklen_t al = sizeof a; getsockname(l, (void *)&a, &al);
  int ep = epoll_create1(0);
  for (int i = 0; i < n; i++) {
    cli[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (cli[i] < 0 || connect(cli[i], (void *)&a, sizeof a) < 0) { perror("connect (raise ulimit -n?)"); return 1; }
    srv[i] = accept(l, NULL, NULL);
    if (srv[i] < 0) { perror("accept"); return 1; }
    setsockopt(srv[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i }; epoll_ctl(ep, EPOLL_CTL_ADD, cli[i], &ev);
  }
  start_ns = now_ns() + 200000000LL;
  pthread_t t; pthread_create(&t, NULL, sender, NULL);
  struct epoll_event evs[512]; char buf[4096];
  double receiver_start = thread_cpu();
  while (!done) {
    int r = epoll_wait(ep, evs, 512, 100);
    long long at = now_ns();
    for (int e = 0; e < r; e++) {
      int i = evs[e].data.u32;
      ssize_t got = recv(cli[i], buf, sizeof buf, 0);
      if (got <= 0) continue;
      if (prev[i] && nerr < cap) { double gap = (at - prev[i]) / 1e6; errs[nerr++] = gap > inter_ms ? gap - inter_ms : inter_ms - gap; }
      prev[i] = at;
    }
  }
  double receiver_cpu = thread_cpu() - receiver_start;
  pthread_join(t, NULL);
  qsort(errs, nerr, sizeof *errs, cmp);
  if (nerr == 0) { fprintf(stderr, "floor: no gaps measured\n"); return 1; }
  printf("floor %d %ld %.3f %.3f %.3f %.3f %.3f\n", n, nerr, errs[(long)((nerr - 1) * 0.5)], errs[(long)((nerr - 1) * 0.99)], errs[nerr - 1], sender_cpu, receiver_cpu);
  return 0;
}
