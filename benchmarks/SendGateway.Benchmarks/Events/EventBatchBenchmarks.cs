using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Npgsql;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;
using SendGateway.Server.Suppressions;
using StackExchange.Redis;

namespace SendGateway.Benchmarks.Events;

/// <summary>
/// One ingest batch of 1,000 events: decoding the stream entries, and writing them with the ingester's statement (binary
/// COPY into a staging table, the events insert with outbox and suppressions, the messages upsert, commit) into the
/// real PostgreSQL that <c>benchmarks/micro.sh</c> starts (<c>SENDGATEWAY_BENCH_POSTGRES</c>, <c>SENDGATEWAY_BENCH_REDIS</c>).
/// </summary>
[MemoryDiagnoser]
public class EventBatchBenchmarks
{
    private const int Batch = 1000;
    private string[] _entries = [];
    private byte[][] _utf8 = [];
    private NpgsqlDataSource? _postgres;
    private ConnectionMultiplexer? _redis;
    private EventStore? _store;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _entries = Enumerable.Range(0, Batch).Select(i => JsonSerializer.Serialize(Event("setup", i), EventJsonContext.Default.EventRecord)).ToArray();
        _utf8 = _entries.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var postgres = Environment.GetEnvironmentVariable("SENDGATEWAY_BENCH_POSTGRES") ?? throw new InvalidOperationException("run through benchmarks/micro.sh (make bench-micro)");
        _postgres = NpgsqlDataSource.Create(postgres);
        _redis = ConnectionMultiplexer.Connect(Environment.GetEnvironmentVariable("SENDGATEWAY_BENCH_REDIS") ?? "127.0.0.1:6379");
        _store = new EventStore(_postgres, [new SendGateway.Server.Webhooks.WebhookOutboxStep(), new SuppressionStep(new SuppressionCache(_redis, TimeProvider.System)), new SendGateway.Server.Messages.MessageStatusStep()]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _postgres?.Dispose();
        _redis?.Dispose();
    }

    [Benchmark(Description = "decode 1,000 stream entries from their UTF-8 bytes (the ingester)")]
    public int Decode() => _utf8.Count(e => JsonSerializer.Deserialize(e, EventJsonContext.Default.EventRecord) is not null);

    [Benchmark(Description = "decode 1,000 stream entries from strings (the ingester before)")]
    public int DecodeFromStrings() => _entries.Count(e => JsonSerializer.Deserialize(e, EventJsonContext.Default.EventRecord) is not null);

    [Benchmark(Description = "write 1,000 injected events (COPY + statement + commit)")]
    public async Task Write()
    {
        var round = Interlocked.Increment(ref _round);
        await _store!.WriteAsync(Enumerable.Range(0, Batch).Select(i => Event($"r{round}", i)).ToList(), CancellationToken.None);
    }

    private static EventRecord Event(string prefix, int i) => new()
    {
        Id = $"ev_{prefix}_{i}", Type = EventTypes.Injected, Timestamp = DateTimeOffset.UtcNow, MessageId = $"msg_{prefix}_{i}", BatchId = $"bat_{prefix}",
        Sequence = 1, Recipient = $"user{i}@bench.test", RecipientDomain = "bench.test", From = "app@bench-sender.test", Tags = ["load"],
        Metadata = new Dictionary<string, string> { ["n"] = i.ToString() }, TenantId = "ten_bench",
    };
}
