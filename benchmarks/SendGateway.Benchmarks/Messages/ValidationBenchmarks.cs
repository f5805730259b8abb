using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SendGateway.Server.Messages;

namespace SendGateway.Benchmarks.Messages;

/// <summary>The accept path's CPU work: parse the JSON body and validate it (10 recipients with vars).</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private static readonly SendGateway.Server.Templates.TemplateEngine Templates =
        new(Microsoft.Extensions.Options.Options.Create(new SendGateway.Server.Templates.TemplatesOptions()), TimeProvider.System);

    private readonly MessagesOptions _limits = new();
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup() => _body = JsonSerializer.SerializeToUtf8Bytes(new
    {
        from = new { email = "news@acme.test", name = "Acme" },
        to = Enumerable.Range(0, 10).Select(i => new { email = $"user{i}@example.test", vars = new { first = $"User {i}" } }),
        subject = "Hello {{first}}",
        text = "Hi {{first}}, " + new string('x', 5000),
        tags = new[] { "welcome" },
    });

    [Benchmark]
    public bool ParseAndValidate()
    {
        var request = JsonSerializer.Deserialize<SendMessageRequest>(_body, MessagesJson.Options)!;
        return SendMessageValidator.Validate(request, _limits, TimeSpan.FromDays(5), DateTimeOffset.UtcNow, Templates).IsValid;
    }
}
