using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// The shipped monitoring files stay true: the Prometheus alert rules in <c>deploy/prometheus/</c> pass
/// <c>promtool check rules</c> and their own unit tests, and every metric they or the Grafana dashboard in
/// <c>deploy/grafana/</c> name is one the service exports (read from a running server's <c>/metrics</c>, and for
/// instruments nothing has recorded yet, from <see cref="SendGatewayMetrics"/> by the exporter's naming rule).
/// </summary>
[TestFixture]
public sealed partial class MonitoringFilesTests() : TenantFixture("api,delivery,events", "monitoring.test")
{
    private static string Deploy(params string[] parts) => Path.Combine([TestPaths.RepositoryRoot(), "deploy", .. parts]);

    [TestCase("check", "rules", "sendgateway-rules.yml")]
    [TestCase("test", "rules", "sendgateway-rules.test.yml")]
    public async Task PromtoolAcceptsTheAlertRules(string command, string what, string file)
    {
        // A rule test file names its rule files relative to itself, so absolute paths do for both commands.
        var (exit, output) = await ProcessRunner.CaptureAsync("promtool", [command, what, Deploy("prometheus", file)], CancellationToken.None);
        Assert.That(exit, Is.Zero, $"promtool {command} {what} {file}:\n{output}");
    }

    /// <summary>The monitoring page's scrape configuration, with its rule file path pointing at the shipped rules, is a
    /// configuration Prometheus accepts (<c>promtool check config</c> also loads and checks the rule file).</summary>
    [Test]
    public async Task TheGuidesScrapeConfigurationIsOnePrometheusAccepts()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "docs", "operations", "monitoring.md"));
        var block = YamlBlock().Match(page);
        Assert.That(block.Success, Is.True, "monitoring.md shows a scrape configuration");
        var folder = Directory.CreateTempSubdirectory("sg-prometheus-").FullName;
        try
        {
            var config = Path.Combine(folder, "prometheus.yml");
            await File.WriteAllTextAsync(config, block.Groups[1].Value.Replace("/etc/prometheus/sendgateway-rules.yml", Deploy("prometheus", "sendgateway-rules.yml"), StringComparison.Ordinal));
            var (exit, output) = await ProcessRunner.CaptureAsync("promtool", ["check", "config", config], CancellationToken.None);
            Assert.That(exit, Is.Zero, $"promtool check config:\n{output}");
            Assert.That(output, Does.Contain("SUCCESS: 1 rule files found"), "the rule file the page names was loaded");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task EveryMetricTheRulesAndTheDashboardNameIsExported()
    {
        // One message through the pipeline, so the counters it touches have points on /metrics.
        var response = await Tenant.SendAsync(new
        {
            from = new { email = "a@monitoring.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } },
            subject = "s", text = "t",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForIngestedStatusAsync(id, "ok");

        using var client = Factory.CreateClient();
        var exported = await Polling.UntilAsync(
            async () => TypeLine().Matches(await client.GetStringAsync("/metrics")).Select(m => m.Groups[1].Value).ToHashSet(),
            names => names.Contains("sendgateway_events_ingested_total"), TimeSpan.FromSeconds(30));

        // The naming rule is checked on the instruments that have recorded, then used for those that have not.
        var declared = Instruments().ToDictionary(i => i.Name, PrometheusName);
        foreach (var recorded in new[] { "sendgateway.messages.accepted", "sendgateway.delivery.outcomes", "sendgateway.events.ingested" })
        {
            Assert.That(exported, Does.Contain(declared[recorded]), $"{recorded} is exported under another name than the rule gives");
        }

        var known = exported.Union(declared.Values).ToHashSet();
        var named = new List<(string File, string Metric)>();
        named.AddRange(MetricNames(File.ReadAllText(Deploy("prometheus", "sendgateway-rules.yml"))).Select(m => ("rules", m)));
        var dashboard = JsonDocument.Parse(File.ReadAllText(Deploy("grafana", "sendgateway-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.That(expressions, Is.Not.Empty);
        named.AddRange(expressions.SelectMany(MetricNames).Select(m => ("dashboard", m)));

        Assert.That(named.Select(n => n.File).Distinct(), Is.EquivalentTo(new[] { "rules", "dashboard" }));
        var unknown = named.Where(n => !known.Contains(BaseName(n.Metric, known))).Select(n => $"{n.File}: {n.Metric}").Distinct().ToList();
        Assert.That(unknown, Is.Empty, "metrics the service does not export");
    }

    private static IEnumerable<Instrument> Instruments() =>
        typeof(SendGatewayMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Instrument).IsAssignableFrom(f.FieldType)).Select(f => (Instrument)f.GetValue(null)!);

    /// <summary>OpenTelemetry's Prometheus naming: dots to underscores, a unit in braces dropped, <c>s</c> as <c>_seconds</c>, counters end in <c>_total</c>.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        return instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>A histogram's series (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>) belong to the name its TYPE line gives.</summary>
    private static string BaseName(string metric, HashSet<string> known)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && known.Contains(metric[..^suffix.Length]))
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }

    private static IEnumerable<string> MetricNames(string text) => MetricName().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\b(?:sendgateway_[a-z_]+|http_server_[a-z_]+)")]
    private static partial Regex MetricName();

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
