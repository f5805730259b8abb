using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using SendGateway.Server.Templates;

namespace SendGateway.Benchmarks.Templates;

/// <summary>
/// A stored template with a layout, a loop and nested values, cached (parsed once): the cost of rendering one
/// recipient's copy (what accept does once per recipient to check it, and delivery once per attempt), and the accept
/// path's parse + validate of a 100-recipient request with it.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks
{
    private static readonly TemplateEngine Engine = new(Options.Create(new TemplatesOptions()), TimeProvider.System);

    private static readonly ResolvedTemplate Stored = new(
        "order-shipped", 3, "Your order {{ order.id }} has shipped, {{ first }}",
        "Hi {{ first }},\n{% for item in order.items %}- {{ item.name }} x{{ item.qty }}\n{% endfor %}Total: {{ order.total }}\n",
        "<h1>Hi {{ first }}</h1><table>{% for item in order.items %}<tr><td>{{ item.name }}</td><td>{{ item.qty }}</td></tr>{% endfor %}</table>"
            + "<p>Total: {{ order.total }}</p>" + string.Concat(Enumerable.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>", 70)),
        "{{ content }}\n-- \nAcme", "<html><body><div class=\"frame\">{{ content }}</div><footer>Acme</footer></body></html>");

    private readonly MessagesOptions _limits = new();
    private Dictionary<string, Fluid.Values.FluidValue> _model = [];
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        var vars = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            """{"first": "Ann", "order": {"id": "A-17", "total": 41.5, "items": [{"name": "Tea", "qty": 2}, {"name": "Cake", "qty": 1}, {"name": "<Jam>", "qty": 3}]}}""")!;
        _model = TemplateValues.Merge(vars, null);
        _body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            from = new { email = "news@acme.test" },
            to = Enumerable.Range(0, 100).Select(i => new { email = $"user{i}@example.test", vars = new { first = $"User {i}", order = vars["order"] } }),
            template_id = "order-shipped",
        });
    }

    [Benchmark(Description = "render one recipient's subject, text and html (5 KB) with a layout, cached template")]
    public bool RenderOneRecipient() => Engine.Render(new MessageParts(Stored.Subject, Stored.Text, Stored.Html, Stored.TextLayout, Stored.HtmlLayout), _model).Succeeded;

    [Benchmark(Description = "parse + validate a 100-recipient request with a stored template (renders each)")]
    public bool ValidateHundredRecipients()
    {
        var request = JsonSerializer.Deserialize<SendMessageRequest>(_body, MessagesJson.Options)!;
        return SendMessageValidator.Validate(request, _limits, TimeSpan.FromDays(5), DateTimeOffset.UtcNow, Engine, Stored).IsValid;
    }
}
