using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SendGateway.Server.Queue;

namespace SendGateway.Benchmarks.Queue;

/// <summary>The per-recipient queue entry as it goes into and comes out of Redis (source-generated JSON).</summary>
[MemoryDiagnoser]
public class QueueEntryCodecBenchmarks
{
    private readonly QueueEntry _entry = new()
    {
        Id = "msg_01M825VBNHGYHJ1WJB48EPVQW4", BatchId = "bat_01M825VBNFJ7NX6VY8JYCYSZXQ", TenantId = "ten_01M8248N61MXRFWT8FQCNCR8M0",
        Recipient = "ann@example.test", ToEmail = "ann@example.test", ToName = "Ann", Vars = new() { ["first"] = JsonSerializer.SerializeToElement("Ann") }, Shard = 7,
        AcceptedAt = DateTimeOffset.UtcNow, TraceParent = "00-4e7b9fd9a055f5be4b598dc7fb55da80-2e6b5db9b8a5030f-01",
    };

    private string _json = string.Empty;

    [GlobalSetup]
    public void Setup() => _json = Serialize();

    [Benchmark]
    public string Serialize() => JsonSerializer.Serialize(_entry, QueueJsonContext.Default.QueueEntry);

    [Benchmark]
    public QueueEntry? Deserialize() => JsonSerializer.Deserialize(_json, QueueJsonContext.Default.QueueEntry);
}
