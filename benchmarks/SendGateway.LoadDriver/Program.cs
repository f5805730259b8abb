Console.WriteLine("load driver: see benchmarks/load.sh");
