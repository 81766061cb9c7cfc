/* Subset of BSD <sys/queue.h> for platforms without it. */
#ifndef COMPAT_QUEUE_H
#define COMPAT_QUEUE_H

#define TAILQ_HEAD(name, type) \
    struct name {              \
        struct type *tqh_first; \
        struct type **tqh_last; \
    }

#define TAILQ_ENTRY(type)       \
    struct {                    \
        struct type *tqe_next;  \
        struct type **tqe_prev; \
    }

#define TAILQ_FIRST(head) ((head)->tqh_first)
#define TAILQ_NEXT(elm, field) ((elm)->field.tqe_next)
#define TAILQ_FOREACH(var, head, field) \
    for ((var) = TAILQ_FIRST(head); (var); (var) = TAILQ_NEXT(var, field))

#endif
