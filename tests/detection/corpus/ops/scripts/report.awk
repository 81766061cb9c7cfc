#!/usr/bin/awk -f
# Sums response sizes per status code from an nginx access log.
{
    status = $9
    bytes[status] += $10
    count[status]++
}
END {
    for (s in count)
        printf "%s %d requests %d bytes\n", s, count[s], bytes[s]
}
