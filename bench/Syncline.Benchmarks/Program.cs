Console.WriteLine("Syncline benchmarks: the server workload lands with the benchmark issue work.");
