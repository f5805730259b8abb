using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// The shaping rules file end to end: a reply a shipped rule knows gets its hint on the event; the operator's file is
/// applied live (the next event follows it) and a broken one is refused with one error naming the line while the rules
/// in effect stay; a provider's limit from the file holds on the wire; a bad file stops the start.
/// </summary>
[TestFixture]
public sealed class ShapingRulesTests
{
    private const string Sender = "rules-acme.test";
    private const string NoProvider = "plain.rules-e2e.test"; // its MX host belongs to no provider
    private const string Provider = "prov.rules-e2e.test"; // its MX host matches the operator's provider
    private readonly string _operatorFile = Path.Combine(Path.GetTempPath(), $"shaping-rules-{Guid.NewGuid():N}.yaml");
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ConcurrentDictionary<RulesMx, int> _sessions = new();
    private SmtpServer _mx = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    /// <summary>One session of the MX: <c>auth…</c> gets Microsoft's 5.7.515, <c>probe…</c> a reply the operator's rule knows; others are taken.</summary>
    private sealed class RulesMx(ConcurrentDictionary<RulesMx, int> sessions) : ISmtpSessionHandler
    {
        public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) =>
            ValueTask.FromResult(recipient.Address switch
            {
                var a when a.StartsWith("auth", StringComparison.Ordinal) =>
                    new SmtpReply(550, "5.7.515", "Access denied, sending domain [rules-acme.test] does not meet the required authentication level."),
                var a when a.StartsWith("probe", StringComparison.Ordinal) => new SmtpReply(550, "5.7.99", "reload-probe refused"),
                _ => SmtpReplies.RecipientOk,
            });

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            sessions.AddOrUpdate(this, 1, (_, n) => n + 1);
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    private static string OperatorRules(string version, string bounceClass, string hint) => $"""
        version: "{version}"
        providers:
          - name: rulesprov
            mx: ["*.rulesprovider.test"]
            limits: {"{"} messages_per_connection: 1 {"}"}
        rules:
          - name: reload-probe
            code: 550
            text: 'reload-probe'
            action: classify
            bounce_class: {bounceClass}
            hint: "{hint}"
        """;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _mx = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.231"), TestEnvironment.MxPort), () => new RulesMx(_sessions), new SmtpSessionOptions { HostName = "rules.test" });
        TestEnvironment.Dns.AddMx(NoProvider, 10, "mx.norules-host.test");
        TestEnvironment.Dns.AddA("mx.norules-host.test", "127.0.0.231");
        TestEnvironment.Dns.AddMx(Provider, 10, "mx1.rulesprovider.test");
        TestEnvironment.Dns.AddA("mx1.rulesprovider.test", "127.0.0.231");
        await File.WriteAllTextAsync(_operatorFile, OperatorRules("op-1", "InactiveMailbox", "first hint"));
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:ShapingRules:OperatorFile"] = _operatorFile,
            ["SendGateway:Delivery:ShapingRules:ReloadInterval"] = "00:00:00.200",
        }, logs: _logs);
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Sender);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _mx.DisposeAsync();
        File.Delete(_operatorFile);
    }

    private async Task<string> SendAsync(string to)
    {
        var response = await _tenant.SendAsync(new { from = new { email = $"news@{Sender}" }, to = new[] { new { email = to } }, subject = "Hi", text = "Hello" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static string Unique(string local, string domain) => $"{local}-{Guid.NewGuid():N}"[..(local.Length + 9)] + "@" + domain;

    private static JsonElement LastEvent(JsonElement message) => message.GetProperty("events").EnumerateArray().Last();

    [Test]
    public async Task AnAuthenticationRejectionFromAHostOfNoProviderGetsTheShippedRulesHint()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync(Unique("auth", NoProvider)), "spambounce");

        var bounce = LastEvent(message);
        Assert.That(bounce.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.7.515"));
        Assert.That(bounce.GetProperty("smtp").GetProperty("hint").GetString(), Does.Contain("DMARC").And.Contain("DKIM"), bounce.ToString());
        Assert.That(bounce.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("PolicyRelated"), "the shipped rule names no class: the classifier's stays");
    }

    [Test]
    public async Task TheOperatorsFileIsAppliedLiveAndABrokenOneIsRefusedWithOneErrorNamingItsLine()
    {
        var first = LastEvent(await _tenant.WaitForStatusAsync(await SendAsync(Unique("probe", NoProvider)), "hardbounce"));
        Assert.That((first.GetProperty("bounce").GetProperty("class").GetString(), first.GetProperty("smtp").GetProperty("hint").GetString()),
            Is.EqualTo(("InactiveMailbox", "first hint")));

        await File.WriteAllTextAsync(_operatorFile, OperatorRules("op-2", "MailboxFull", "second hint"));
        await Polling.UntilAsync(() => Task.FromResult(_logs.Lines.Any(l => l.Contains("operator op-2 in effect", StringComparison.Ordinal))), found => found, TimeSpan.FromSeconds(30));
        var second = LastEvent(await _tenant.WaitForStatusAsync(await SendAsync(Unique("probe", NoProvider)), "hardbounce"));
        Assert.That((second.GetProperty("bounce").GetProperty("class").GetString(), second.GetProperty("smtp").GetProperty("hint").GetString()),
            Is.EqualTo(("MailboxFull", "second hint")));

        // Line 16: a suspension of five weeks is no duration the file knows.
        await File.WriteAllTextAsync(_operatorFile, OperatorRules("op-3", "SpamBlock", "third hint") + "\n  - name: bad\n    code: 421\n    action: suspend\n    duration: 5w\n");
        var refused = await Polling.UntilAsync(() => Task.FromResult(_logs.Lines.Where(l => l.Contains("Shaping rules not reloaded", StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0, TimeSpan.FromSeconds(30));
        Assert.That(refused[0], Does.Contain($"Shaping rules file {_operatorFile}, line 16:").And.Contain("Error").And.Contain("operator op-2 stay in effect"));

        var live = _factory.Services.GetRequiredService<LiveShapingRuleSet>();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(live.ReloadIfChanged(), Is.False, "the same bad content is not applied");
        }

        Assert.That(_logs.Lines.Count(l => l.Contains("Shaping rules not reloaded", StringComparison.Ordinal)), Is.EqualTo(1), "one error per bad content, not one per poll");
        var third = LastEvent(await _tenant.WaitForStatusAsync(await SendAsync(Unique("probe", NoProvider)), "hardbounce"));
        Assert.That((third.GetProperty("bounce").GetProperty("class").GetString(), third.GetProperty("smtp").GetProperty("hint").GetString()),
            Is.EqualTo(("MailboxFull", "second hint")), "the previous rules stay in effect");
    }

    [Test]
    public async Task AProvidersMessagesPerConnectionFromTheFileHoldsOnTheWire()
    {
        const int messages = 3;
        for (var i = 0; i < messages; i++)
        {
            // One after another: without the limit the pooled connection would carry the next message too.
            await _tenant.WaitForStatusAsync(await SendAsync(Unique("ok", Provider)), "ok");
        }

        Assert.That(_sessions.Values.Sum(), Is.EqualTo(messages));
        Assert.That(_sessions.Values, Is.All.EqualTo(1), "one message per session");
    }

    [Test]
    public async Task AnotherNodeReadsItsOwnCopyAndAppliesItsChangeWithinSeconds()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"shaping-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(copy, OperatorRules("node-b-1", "InactiveMailbox", "node b"));
        var environment = _factory.EnvironmentFor("delivery", new Dictionary<string, string>
        {
            ["SendGateway:Delivery:ShapingRules:OperatorFile"] = copy,
            ["SendGateway:Delivery:ShapingRules:ReloadInterval"] = "00:00:00.200",
        });
        var node = CapturedProcess.Start(ServerProcess.StartInfo(environment, ["serve"]));
        await using (node)
        {
            try
            {
                var started = await Polling.UntilAsync(() => Task.FromResult(node.Output), o => o.Contains("operator node-b-1 in effect", StringComparison.Ordinal) || node.Process.HasExited,
                    TimeSpan.FromSeconds(120));
                Assert.That(started, Does.Contain("operator node-b-1 in effect"), started);

                await File.WriteAllTextAsync(copy, OperatorRules("node-b-2", "MailboxFull", "node b"));
                var changed = DateTime.UtcNow;
                var applied = await Polling.UntilAsync(() => Task.FromResult(node.Output), o => o.Contains("operator node-b-2 in effect", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                Assert.That(applied, Does.Contain("operator node-b-2 in effect"));
                Assert.That(DateTime.UtcNow - changed, Is.LessThan(TimeSpan.FromSeconds(30)));
                Assert.That(_factory.Services.GetRequiredService<IShapingRuleSet>().Current.Version, Does.Not.Contain("node-b"), "this node keeps its own file's rules");
            }
            finally
            {
                File.Delete(copy);
            }
        }
    }

    [Test]
    public async Task ABrokenOperatorFileStopsTheStartNamingItsLine()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"shaping-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(broken, "version: \"1\"\nrules:\n  - name: r\n    code: 421\n    action: suspend\n    duration: 1y\n");
        try
        {
            var (exit, output) = await ServerProcess.RunAsync(new Dictionary<string, string>
            {
                ["ConnectionStrings__Redis"] = $"127.0.0.1:{ProcessRunner.FreePort()},connectTimeout=500",
                ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={ProcessRunner.FreePort()};Username=nobody;Database=none;Timeout=1",
                ["SendGateway__Secrets__MasterKey"] = SendGatewayFactory.MasterKey,
                ["SendGateway__Delivery__ShapingRules__OperatorFile"] = broken,
            }, "migrate");

            Assert.That(exit, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain($"Shaping rules file {broken}, line 6: rule 'r': duration must be"));
            Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
