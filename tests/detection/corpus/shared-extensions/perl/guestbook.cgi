#!/usr/bin/perl
use strict;
use warnings;
use CGI;

my $q = CGI->new;
print $q->header('text/plain');
print "Hello, ", $q->param('name') // 'stranger', "\n";
