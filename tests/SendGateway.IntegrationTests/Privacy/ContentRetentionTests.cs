using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T106, the stores <see cref="RetentionTests"/> does not reach, on a moved clock (the service's
/// <see cref="TimeProvider"/>; the database's own clock stays put): a kept copy as sent goes when its
/// <c>keep_content_days</c> run out by the job's clock, while its message stays; past the tenant's
/// <c>retention_days</c> the message, its events, its webhook batches (their payloads name the recipient) and the
/// delivery attempts go too.
/// </summary>
[TestFixture]
public sealed class ContentRetentionTests
{
    [Test]
    public async Task KeptContentExpiresByTheJobsClockAndPastRetentionMessagesEventsAndWebhookPayloadsAreGone()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Privacy:JobInterval"] = "00:00:00.200",
            ["SendGateway:Webhooks:MaxRetryAge"] = "00:00:01", // the down endpoint's batches give up (failed) at once: a pending batch is never deleted
        }, clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "retain-content.test");
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { keep_content_days = 1, retention_days = 3 })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).EnsureSuccessStatusCode();
        var person = $"ok+kept{Guid.NewGuid():N}@simulator.sendgateway.test";
        using var send = await tenant.SendAsync(new { from = new { email = "a@retain-content.test" }, to = new[] { new { email = person } }, subject = "s", text = "kept body" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForIngestedStatusAsync(id, "ok");

        await using var db = new NpgsqlConnection(factory.PostgresConnectionString);
        var held = await Polling.UntilAsync(() => CountsAsync(db, tenant.Id, id), c => c.Contents == 1 && c.Batches > 0 && c.PendingBatches == 0, TimeSpan.FromSeconds(60));
        Assert.That((held.Messages, held.Contents, held.PendingBatches), Is.EqualTo((1L, 1L, 0L)), $"before: the copy is kept and the batches have given up: {held}");
        Assert.That(held.Events, Is.GreaterThanOrEqualTo(2), held.ToString());
        Assert.That(held.Batches, Is.GreaterThan(0), held.ToString());

        clock.Advance(TimeSpan.FromDays(2)); // past keep_content_days (1), within retention_days (3)
        var copyGone = await Polling.UntilAsync(() => CountsAsync(db, tenant.Id, id), c => c.Contents == 0, TimeSpan.FromSeconds(30));
        Assert.That(copyGone.Contents, Is.Zero, $"the copy as sent is gone one day after it was kept, by the job's clock: {copyGone}");
        Assert.That(copyGone.Messages, Is.EqualTo(1), "the message itself is within its retention");

        clock.Advance(TimeSpan.FromDays(2)); // 4 days: past retention_days
        var gone = await Polling.UntilAsync(() => CountsAsync(db, tenant.Id, id), c => c.IsEmpty, TimeSpan.FromSeconds(30));
        Assert.That(gone.IsEmpty, Is.True, $"{gone}: past the retention: no message, event, copy, webhook batch or delivery attempt of the tenant is left");
        Assert.That((await StorageDump.PostgresAsync(factory)).Contains(person, StringComparison.OrdinalIgnoreCase), Is.False, "no row names the person");
    }

    private static async Task<Counts> CountsAsync(NpgsqlConnection db, string tenantId, string messageId) =>
        await db.QuerySingleAsync<Counts>(
            """
            SELECT (SELECT count(*) FROM messages WHERE tenant_id = @tenantId) AS messages,
                   (SELECT count(*) FROM events WHERE tenant_id = @tenantId) AS events,
                   (SELECT count(*) FROM message_contents WHERE tenant_id = @tenantId AND message_id = @messageId) AS contents,
                   (SELECT count(*) FROM webhook_batches WHERE tenant_id = @tenantId) AS batches,
                   (SELECT count(*) FROM webhook_batches WHERE tenant_id = @tenantId AND state = 'pending') AS pendingbatches,
                   (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = @tenantId) AS deliveries
            """, new { tenantId, messageId });

    private sealed record Counts(long Messages, long Events, long Contents, long Batches, long PendingBatches, long Deliveries)
    {
        public bool IsEmpty => Messages + Events + Contents + Batches + PendingBatches + Deliveries == 0;
    }
}
