%{
#include <stdio.h>
int yylex(void);
void yyerror(const char *msg) { fprintf(stderr, "%s\n", msg); }
%}

%union { double number; }
%token <number> NUMBER
%type <number> expr
%left '+' '-'
%left '*' '/'

%%
line: expr '\n'       { printf("%g\n", $1); }
    ;
expr: NUMBER
    | expr '+' expr   { $$ = $1 + $3; }
    | expr '-' expr   { $$ = $1 - $3; }
    | expr '*' expr   { $$ = $1 * $3; }
    | expr '/' expr   { $$ = $1 / $3; }
    | '(' expr ')'    { $$ = $2; }
    ;
%%
