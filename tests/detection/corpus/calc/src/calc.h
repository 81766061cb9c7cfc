#ifndef CALC_H
#define CALC_H

#include <stdio.h>

enum token_kind { TOK_NUMBER, TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_LPAREN, TOK_RPAREN, TOK_EOF };

struct token {
    enum token_kind kind;
    double value;
};

/* Evaluates one expression per line; returns 0 when every line parsed. */
int calc_run(FILE *in, int verbose);
double calc_eval(const char *expr, int *error);

#endif
