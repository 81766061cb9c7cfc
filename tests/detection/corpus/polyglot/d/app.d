import std.stdio;
import std.algorithm : map, sum;
import std.range : iota;

void main()
{
    auto squares = iota(1, 11).map!(x => x * x);
    writeln("sum of squares: ", squares.sum);
}
