using System;
using System.Linq;

namespace Temperatures;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: temps VALUE...");
            return 2;
        }
        var values = args.Select(double.Parse).ToArray();
        Console.WriteLine($"min {values.Min():F1}, max {values.Max():F1}, mean {values.Average():F2}");
        return 0;
    }
}
