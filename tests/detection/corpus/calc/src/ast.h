#ifndef CALC_AST_H
#define CALC_AST_H

#include <stdlib.h>

/* A binary expression tree. `operator` holds the operator character for inner nodes. */
struct node {
    char operator;
    double value;
    struct node *left, *right;
};

#define IS_LEAF(n) ((n)->left == NULL && (n)->right == NULL)
#define IS_ADDITIVE(n) ((n)->operator == '+' || (n)->operator == '-')

static inline struct node *node_new(char operator, struct node *left, struct node *right)
{
    struct node *n = calloc(1, sizeof *n);
    if (n) {
        n->operator = operator;
        n->left = left;
        n->right = right;
    }
    return n;
}

double node_eval(const struct node *n);
void node_free(struct node *n);

#endif
