// floor.c's receiver speaking HTTP to the mock: the same single epoll thread and timestamps, so that the mock can be
// measured with the receiver the floor is measured with (the C# client costs 20-40 µs of CPU per event on the same two
// cores, and has a tail of its own: p99 3.5-4 ms at 100 streams on an idle machine).
// It opens N streams (opensPerSecond of them a second) of POST /v1/chat/completions with stream=true, each asking the
// mock for enough tokens to outlast the ramp and the hold, and timestamps the end of every server-sent event ("\n\n").
// Event 0 is the role chunk, events 1..tokens the tokens: TTFT error = |event 1 - sent - ttft|, gap errors between tokens.
// Events are counted by their blank line ("\n\n") in the chunked body: the mock writes each event as one chunk, whose
// size line ends in "\r\n", and its JSON holds no raw newline, so only an event's end makes "\n\n". A status other
// than 200 fails the stream at once.
// Usage: sse_client <port> <streams> [interMs=20] [ttftMs=200] [holdSeconds=6] [opensPerSecond=250]
// Prints one line: "sse <streams> <ok> <failed> <gaps> <gap err p50 ms> <p99> <max> <ttft err p50 ms> <p99> <cpu s> <events>".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd;
  int state;          // 0 headers, 1 body, 2 done, 3 failed
  int header_match;   // progress through "\r\n\r\n"
  char head[16];      // the status line's start: "HTTP/1.1 200 "
  int head_len;
  int last_newline;   // the previous body byte was '\n'
  int events;
  long long sent, prev;
} stream_t;

static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static double thread_cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static double pct(double *v, long n, double p) { return n == 0 ? -1 : v[(long)((n - 1) * p)]; }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: sse_client <port> <streams> [interMs] [ttftMs] [holdSeconds] [opensPerSecond]\n"); return 2; }
  int port = atoi(argv[1]), n = atoi(argv[2]);
  int inter = argc > 3 ? atoi(argv[3]) : 20, ttft = argc > 4 ? atoi(argv[4]) : 200, hold = argc > 5 ? atoi(argv[5]) : 6, opens = argc > 6 ? atoi(argv[6]) : 250;
  double ramp = (double)n / opens; if (ramp < 1) ramp = 1;
  int tokens = (int)((ramp * 1000 + hold * 1000) / inter);
  long cap = (long)n * (tokens + 1);
  double *gaps = malloc(cap * sizeof *gaps), *ttfts = malloc(n * sizeof *ttfts);
  long ngaps = 0, nttft = 0, events = 0;
  stream_t *s = calloc(n, sizeof *s);
  char body[256], request[1024];
  int body_len = snprintf(body, sizeof body, "{\"model\":\"mythomax\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about dragons.\"}],\"stream\":true}");
  int request_len = snprintf(request, sizeof request,
    "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer bench\r\nContent-Type: application/json\r\n"
    "X-Mock-Ttft-Ms: %d\r\nX-Mock-Inter-Token-Ms: %d\r\nX-Mock-Output-Tokens: %d\r\nContent-Length: %d\r\n\r\n%s",
    port, ttft, inter, tokens, body_len, body);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  int ep = epoll_create1(0), one = 1, opened = 0, finished = 0;
  long long start = now_ns();
  long long deadline = start + (long long)((ramp + hold) * 1e9) + (long long)ttft * 1000000LL + 30000000000LL;
  double cpu_start = thread_cpu();
  struct epoll_event evs[512];
  char buf[16384];
  while (finished < n && now_ns() < deadline) {
    // Open the streams whose time has come (stream i at start + i x ramp / N, as the C# client does).
    long long t = now_ns();
    while (opened < n && start + (long long)(opened * ramp * 1e9 / n) <= t) {
      stream_t *x = &s[opened];
      x->fd = socket(AF_INET, SOCK_STREAM, 0);
      if (x->fd < 0 || connect(x->fd, (void *)&a, sizeof a) < 0) { x->state = 3; finished++; opened++; continue; }
      setsockopt(x->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      x->sent = now_ns();
      if (send(x->fd, request, request_len, MSG_NOSIGNAL) != request_len) { x->state = 3; finished++; opened++; continue; }
      struct epoll_event ev = { .events = EPOLLIN, .data.u32 = opened };
      epoll_ctl(ep, EPOLL_CTL_ADD, x->fd, &ev);
      opened++;
    }

    int timeout = opened < n ? 1 : 100;
    int r = epoll_wait(ep, evs, 512, timeout);
    long long at = now_ns();
    for (int e = 0; e < r; e++) {
      stream_t *x = &s[evs[e].data.u32];
      ssize_t got = recv(x->fd, buf, sizeof buf, 0);
      if (got <= 0) {
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (x->state < 2) { x->state = 3; finished++; }
        epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL); close(x->fd);
        continue;
      }
      for (ssize_t b = 0; b < got && x->state < 2; b++) {
        char c = buf[b];
        if (x->state == 0) {
          static const char end[] = "\r\n\r\n";
          if (x->head_len < (int)sizeof x->head) x->head[x->head_len++] = c;
          x->header_match = c == end[x->header_match] ? x->header_match + 1 : (c == '\r' ? 1 : 0);
          if (x->header_match == 4) {
            // Anything but 200 is a failed stream at once, not a wait until the deadline.
            if (x->head_len < 12 || memcmp(x->head + 9, "200", 3) != 0) { x->state = 3; finished++; }
            else x->state = 1;
          }
          continue;
        }
        if (c == '\n' && x->last_newline) {
          // The end of an event.
          int k = x->events++;
          events++;
          if (k == 1 && nttft < n) { double v = (at - x->sent) / 1e6 - ttft; ttfts[nttft++] = v < 0 ? -v : v; }
          else if (k > 1 && k <= tokens && ngaps < cap) { double v = (at - x->prev) / 1e6 - inter; gaps[ngaps++] = v < 0 ? -v : v; }
          x->prev = at;
          if (x->events >= tokens + 3) { x->state = 2; finished++; } // role, tokens, finish, [DONE]
          x->last_newline = 0;
          continue;
        }
        x->last_newline = c == '\n';
      }
      if (x->state >= 2) { epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL); close(x->fd); }
    }
  }
  double cpu = thread_cpu() - cpu_start;
  int ok = 0, failed = 0;
  for (int i = 0; i < n; i++) { if (s[i].state == 2) ok++; else failed++; }
  qsort(gaps, ngaps, sizeof *gaps, cmp);
  qsort(ttfts, nttft, sizeof *ttfts, cmp);
  printf("sse %d %d %d %ld %.3f %.3f %.3f %.3f %.3f %.3f %ld\n", n, ok, failed, ngaps, pct(gaps, ngaps, 0.5), pct(gaps, ngaps, 0.99),
         ngaps ? gaps[ngaps - 1] : -1, pct(ttfts, nttft, 0.5), pct(ttfts, nttft, 0.99), cpu, events);
  return 0;
}
