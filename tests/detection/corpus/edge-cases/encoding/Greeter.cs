using System;

namespace Legacy
{
    public class Greeter
    {
        public string Greet(string name) => $"Hello {name}";
    }
}
