#ifndef NETD_H
#define NETD_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>

#define NETD_MAX_PEERS 64
#define NETD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

typedef enum { PEER_IDLE, PEER_CONNECTING, PEER_UP } peer_state;

struct peer {
    struct sockaddr_in6 addr;
    peer_state state;
    atomic_uint_fast64_t bytes_in, bytes_out;
};

struct netd {
    int epoll_fd;
    struct peer peers[NETD_MAX_PEERS];
    unsigned peer_count;
};

int netd_init(struct netd *d);
int netd_run(struct netd *d, volatile int *stop);
void netd_log(int level, const char *fmt, ...) NETD_PRINTF(2, 3);

#endif
