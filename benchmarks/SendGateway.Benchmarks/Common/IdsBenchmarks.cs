using BenchmarkDotNet.Attributes;
using SendGateway.Server.Common;

namespace SendGateway.Benchmarks.Common;

/// <summary>A message id: every accepted recipient and every event gets one (three or more per delivered message).</summary>
[MemoryDiagnoser]
public class IdsBenchmarks
{
    [Benchmark]
    public string NewId() => Ids.New("msg");
}
