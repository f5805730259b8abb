using System.Diagnostics;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The operations guide's install and backup samples (<c>&lt;!-- tour --&gt;</c> in one-host.md and backup.md), run as an
/// operator runs them, with the system folders (<c>/opt/sendgateway</c>, <c>/etc/sendgateway</c>,
/// <c>/var/backups/sendgateway</c>) moved into a temporary folder: publish, make the master key, then, with the
/// environment file's variables (a fresh database and redis-server, the key just made), create the first tenant and
/// people, back up and restore.
/// </summary>
[TestFixture]
public sealed class InstallGuideTests
{
    [Test]
    public async Task TheInstallAndBackupSamplesRunAsWritten()
    {
        var root = Directory.CreateTempSubdirectory("sg-install-").FullName;
        var folders = new Dictionary<string, string>
        {
            ["/opt/sendgateway"] = Path.Combine(root, "opt"), ["/etc/sendgateway"] = Path.Combine(root, "etc"), ["/var/backups/sendgateway"] = Path.Combine(root, "backups"),
        };
        var guide = Path.Combine(TestPaths.RepositoryRoot(), "docs", "operations");
        var install = TourBlocks.In(File.ReadAllText(Path.Combine(guide, "one-host.md")));
        var backup = TourBlocks.In(File.ReadAllText(Path.Combine(guide, "backup.md")));
        Assert.That(install, Has.Count.EqualTo(2), "one-host.md marks its build-and-install and first-tenant samples");
        Assert.That(backup, Has.Count.EqualTo(1), "backup.md marks its backup-and-restore sample");

        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var database = $"sg_install_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        try
        {
            await RunAsync(install[0], folders, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            Assert.That(File.Exists(Path.Combine(folders["/opt/sendgateway"], "SendGateway.Server.dll")), Is.True, "published");
            var masterKey = (await File.ReadAllTextAsync(Path.Combine(folders["/etc/sendgateway"], "master.key"))).Trim();
            Assert.That(Convert.FromBase64String(masterKey), Has.Length.EqualTo(32), "the master key is 32 random bytes in base64");

            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Redis"] = $"127.0.0.1:{redis.Port}",
                ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Storage.PostgresAdminConnectionString) { Database = database }.ConnectionString,
                ["SendGateway__Secrets__MasterKey"] = masterKey,
            };
            var created = await RunAsync(install[1], folders, environment, TimeSpan.FromMinutes(2));
            Assert.That(created, Does.Contain("tenant_id: ten_").And.Contain("api_key:"), "the first tenant and its key are printed");
            var restored = await RunAsync(backup[0], folders, environment, TimeSpan.FromMinutes(2));
            Assert.That(Directory.GetFiles(folders["/var/backups/sendgateway"], "sendgateway-*.sgbak"), Has.Length.EqualTo(1), "one archive");
            Assert.That(restored, Does.Contain("restored:"), "the newest archive was restored");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The guide's environment file, read as systemd's <c>EnvironmentFile=</c> reads it (comments only on lines of their
    /// own; anything after the <c>=</c> is the value): every line is a setting, no value carries a trailing comment, and
    /// every <c>SendGateway__…</c> key is one the configuration reference lists.
    /// </summary>
    [Test]
    public void TheEnvironmentFileNamesOnlyRealSettingsAsSystemdReadsThem()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "docs", "operations", "one-host.md"));
        var start = page.IndexOf("# /etc/sendgateway/env", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "one-host.md shows the environment file");
        var lines = page[start..page.IndexOf("```", start, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reference = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "docs", "reference", "configuration.md"));
        var settings = lines.Where(l => !l.StartsWith('#')).ToList();
        Assert.That(settings, Has.Count.GreaterThan(5));
        foreach (var line in settings)
        {
            var (key, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            Assert.That(value, Does.Not.Contain(" #"), $"{key}: systemd would take the comment into the value");
            if (key.StartsWith("SendGateway__", StringComparison.Ordinal))
            {
                Assert.That(reference, Does.Contain($"`{key.Replace("__", ":", StringComparison.Ordinal)}`"), $"{key} is not a setting");
            }
            else
            {
                Assert.That(key, Does.StartWith("ConnectionStrings__").Or.StartWith("ASPNETCORE_").Or.StartWith("DOTNET_"), $"{key} is not a setting");
            }
        }
    }

    /// <summary>The block with the system folders replaced, in bash from the repository root (the publish path is relative).</summary>
    private static async Task<string> RunAsync(string block, IReadOnlyDictionary<string, string> folders, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var script = folders.Aggregate(block, (text, folder) => text.Replace(folder.Key, folder.Value, StringComparison.Ordinal));
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail\n" + script])
        {
            WorkingDirectory = TestPaths.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(limit);
        var text = await output + await error;
        Assert.That(process.ExitCode, Is.EqualTo(0), $"{script}\n---\n{text}");
        return text;
    }
}
