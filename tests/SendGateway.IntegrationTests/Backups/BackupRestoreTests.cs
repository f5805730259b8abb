using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Backups;

/// <summary>
/// The <c>backup</c> and <c>restore</c> commands of the real executable: an encrypted archive of PostgreSQL and Redis,
/// restored into a fresh redis-server and an empty database, where the service finds its tenants, messages and mirror.
/// </summary>
[TestFixture]
public sealed class BackupRestoreTests
{
    private static Dictionary<string, string> Environment(string redis, string postgres) => new()
    {
        ["ConnectionStrings__Redis"] = redis, ["ConnectionStrings__Postgres"] = postgres, ["SendGateway__Secrets__MasterKey"] = SendGatewayFactory.MasterKey,
    };

    [Test]
    public async Task AnEncryptedBackupRestoresIntoFreshServersAndATamperedOneIsRefused()
    {
        string id, gone, apiKey, tenantId;
        var dir = Directory.CreateTempSubdirectory("sg-backup-").FullName;
        await using (var source = new SendGatewayFactory("api,delivery,events"))
        {
            using var tenant = await source.CreateTenantAsync();
            (apiKey, tenantId) = (tenant.ApiKey, tenant.Id);
            await SendGatewayFactory.AddDomainAsync(tenant, "backup-acme.test");
            var send = await tenant.SendAsync(new { from = new { email = "a@backup-acme.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
            id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            await tenant.WaitForStatusAsync(id, "ok");
            gone = $"gone-{Guid.NewGuid():N}@example.test";
            (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = gone } } })).EnsureSuccessStatusCode();

            var (exit, output) = await ServerProcess.RunAsync(Environment(source.RedisConnectionString, source.PostgresConnectionString), "backup", "--dir", dir);
            Assert.That(exit, Is.Zero, output);
        }

        var archive = Directory.GetFiles(dir, "sendgateway-*.sgbak").Single();
        var bytes = await File.ReadAllBytesAsync(archive);
        Assert.That(Encoding.Latin1.GetString(bytes), Does.Not.Contain(tenantId).And.Not.Contain(gone), "the archive is encrypted");

        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var freshDb = $"sg_restore_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {freshDb}", admin).ExecuteNonQueryAsync();
        }

        var freshPostgres = new NpgsqlConnectionStringBuilder(TestEnvironment.Storage.PostgresAdminConnectionString) { Database = freshDb }.ConnectionString;
        var freshRedis = $"127.0.0.1:{redis.Port}";
        var tampered = archive + ".tampered";
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(tampered, bytes);
        var refused = await ServerProcess.RunAsync(Environment(freshRedis, freshPostgres), "restore", "--file", tampered);
        Assert.That(refused.Exit, Is.Not.Zero, "a changed byte must fail authentication");

        var restored = await ServerProcess.RunAsync(Environment(freshRedis, freshPostgres), "restore", "--file", archive);
        Assert.That(restored.Exit, Is.Zero, restored.Output);

        await using var target = new SendGatewayFactory("api", new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = freshRedis }, postgresDatabase: freshDb);
        using var client = target.Authorized(apiKey);
        var message = await client.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}");
        Assert.That(message.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That((await client.GetAsync($"/v1/suppressions/{gone}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var check = await ConnectionMultiplexer.ConnectAsync(freshRedis);
        Assert.That(await check.GetDatabase().HashExistsAsync($"sg:sup:{{t:{tenantId}}}", gone), Is.True, "the Redis mirror came back too");
    }
}
