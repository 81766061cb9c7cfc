#!/usr/bin/perl
use strict;
use warnings;

my $threshold = shift // 90;
open(my $df, '-|', 'df', '-P') or die "df: $!";
<$df>;    # header
while (my $line = <$df>) {
    my @f = split /\s+/, $line;
    (my $used = $f[4]) =~ s/%//;
    print "$f[5] is at $used%\n" if $used >= $threshold;
}
close $df;
