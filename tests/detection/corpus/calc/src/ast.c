#include "ast.h"

double node_eval(const struct node *n)
{
    if (IS_LEAF(n))
        return n->value;
    double l = node_eval(n->left), r = node_eval(n->right);
    switch (n->operator) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    default: return 0;
    }
}

void node_free(struct node *n)
{
    if (!n)
        return;
    node_free(n->left);
    node_free(n->right);
    free(n);
}
