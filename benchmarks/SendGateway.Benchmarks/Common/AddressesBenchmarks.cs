using BenchmarkDotNet.Attributes;
using SendGateway.Server.Common;

namespace SendGateway.Benchmarks.Common;

/// <summary>The address grammar: run for every address of every request (up to 1000 per send) and every relay RCPT.</summary>
[MemoryDiagnoser]
public class AddressesBenchmarks
{
    [Benchmark(Baseline = true)]
    public string? DotAtom() => Addresses.Normalize("ann.lee+tag@Example.TEST");

    [Benchmark]
    public string? Quoted() => Addresses.Normalize("\"ann lee\"@example.test");

    [Benchmark]
    public string? Refused() => Addresses.Normalize("a,b@example.test");
}
