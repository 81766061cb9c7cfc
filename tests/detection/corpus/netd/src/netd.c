#define _GNU_SOURCE
#include "netd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

int netd_init(struct netd *d)
{
    memset(d, 0, sizeof *d);
    d->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    return d->epoll_fd < 0 ? -errno : 0;
}

int netd_run(struct netd *d, volatile int *stop)
{
    struct epoll_event events[16];
    while (!*stop) {
        int n = epoll_wait(d->epoll_fd, events, 16, 1000);
        if (n < 0 && errno != EINTR)
            return -errno;
        for (int i = 0; i < n; i++)
            netd_log(2, "event %u on fd %d", events[i].events, events[i].data.fd);
    }
    close(d->epoll_fd);
    return 0;
}

void netd_log(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "[%d] ", level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
