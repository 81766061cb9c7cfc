/* Intrusive doubly linked list, BSD style. */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

struct list_node {
    struct list_node *prev, *next;
};

#define LIST_INIT(head) { &(head), &(head) }
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

static inline void list_insert_after(struct list_node *where, struct list_node *node)
{
    node->prev = where;
    node->next = where->next;
    where->next->prev = node;
    where->next = node;
}

static inline void list_remove(struct list_node *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->prev = node->next = NULL;
}

#endif
