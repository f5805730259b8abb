using BenchmarkDotNet.Running;

namespace SendGateway.Benchmarks;

/// <summary>Micro benchmarks of the hot paths; run with <c>make bench-micro</c>. Kept out of <c>make test</c>.</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
