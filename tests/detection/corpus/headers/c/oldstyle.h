/* Declarations kept from a K&R code base; do not modernise. */
#ifndef OLDSTYLE_H
#define OLDSTYLE_H

extern int errno;
extern char *optarg;

char *strsave();
int getline();
long atol();

typedef int (*cmpfn)();

#define NEW(type) ((type *) malloc(sizeof(type)))
#define TRUE 1
#define FALSE 0

#endif
