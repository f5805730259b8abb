using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.TlsReports;

/// <summary>
/// Counts equal the attempts made, end to end: real messages delivered to a domain whose MX is a test MX are counted
/// by delivery (which calls the TLS report sink for each session) and reported the next day. The test MX offers no
/// STARTTLS: the message goes in plain text (no policy asks for more) and the report says so, as a failed TLS
/// negotiation (<c>starttls-not-supported</c>) of the domain's MX, which is what its owner wants to learn.
/// </summary>
[TestFixture]
public sealed class TlsReportEndToEndTests : TlsReportFixture
{
    [Test]
    public async Task ADeliveredMessagesSessionIsCountedInTheNextDaysReport()
    {
        var domain = NewDomain("rua-e2e");
        TestEnvironment.Dns.AddMx(domain, 10, "mx1.mx-ok.test");
        var path = $"reports/{Guid.NewGuid():N}";
        TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua={Receiver.UrlFor(path)}");
        using var client = Factory.Authorized(Operator.ApiKey);
        var tenant = Operator with { Client = client };
        var to = $"e2e-{Guid.NewGuid():N}@{domain}";
        using var sent = await tenant.SendAsync(new { from = new { email = $"app@{SenderDomain}" }, to = new[] { new { email = to } }, subject = "s", text = "t" });
        Assert.That(sent.IsSuccessStatusCode, Is.True, await sent.Content.ReadAsStringAsync());
        var id = (await JsonDocument.ParseAsync(await sent.Content.ReadAsStreamAsync())).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok", 60);
        Assert.That(TestEnvironment.Mx1.For(to).ToList(), Has.Count.EqualTo(1), "one delivery, in one session");
        PassMidnight();

        var requests = await Polling.UntilAsync(
            () => Task.FromResult(Receiver.Requests.Where(r => r.RequestLine.Contains(path, StringComparison.Ordinal)).ToList()), r => r.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(requests, Has.Count.EqualTo(1), "the domain's report was posted");
        var report = DecodeAndValidate(requests[0].Body);
        Assert.That(Sessions(report), Is.EqualTo(1), report.ToString());
        var policy = report.GetProperty("policies")[0];
        Assert.That(policy.GetProperty("policy").GetProperty("policy-type").GetString(), Is.EqualTo("no-policy-found"), report.ToString());
        Assert.That(policy.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64(), Is.EqualTo(0), report.ToString());
        Assert.That(policy.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64(), Is.EqualTo(1), report.ToString());
        var failure = policy.GetProperty("failure-details")[0];
        Assert.That(failure.GetProperty("result-type").GetString(), Is.EqualTo("starttls-not-supported"), report.ToString());
        Assert.That(failure.GetProperty("receiving-mx-hostname").GetString(), Is.EqualTo("mx1.mx-ok.test"), report.ToString());
    }
}
