#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "calc.h"

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-v] [FILE]\n", prog);
    exit(2);
}

int main(int argc, char **argv)
{
    int opt, verbose = 0;
    while ((opt = getopt(argc, argv, "vh")) != -1) {
        switch (opt) {
        case 'v': verbose = 1; break;
        default: usage(argv[0]);
        }
    }
    FILE *in = optind < argc ? fopen(argv[optind], "r") : stdin;
    if (!in) {
        perror(argv[optind]);
        return 1;
    }
    return calc_run(in, verbose) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
