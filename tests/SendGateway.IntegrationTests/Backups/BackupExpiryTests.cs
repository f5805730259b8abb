using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Backups;

/// <summary>
/// reliability.md T106/T108: backups age out on schedule. The real executable's <c>backup</c> command deletes the
/// archives of its folder older than <c>Backup:RetentionDays</c> after writing a new one, so what a deletion or an
/// erasure removed leaves the last copy within that window; newer archives and other files stay.
/// </summary>
[TestFixture]
public sealed class BackupExpiryTests
{
    [Test]
    public async Task ABackupDeletesArchivesOlderThanTheRetentionDaysAndKeepsTheRest()
    {
        await using var factory = new SendGatewayFactory("api");
        _ = factory.Services; // the schema exists: the backup dumps a real database
        var dir = Directory.CreateTempSubdirectory("sg-backup-expiry-").FullName;
        try
        {
            var now = DateTime.UtcNow;
            string Archive(string name, double ageDays)
            {
                var path = Path.Combine(dir, name);
                File.WriteAllText(path, "an older archive");
                File.SetLastWriteTimeUtc(path, now.AddDays(-ageDays));
                return path;
            }

            var expired = Archive("sendgateway-20250101T000000Z.sgbak", 20);
            var justExpired = Archive("sendgateway-20250110T000000Z.sgbak", 7.5);
            var kept = Archive("sendgateway-20250115T000000Z.sgbak", 6);
            var notAnArchive = Archive("notes.txt", 400);

            var (exit, output) = await ServerProcess.RunAsync(
                factory.EnvironmentFor("api", new Dictionary<string, string> { ["SendGateway:Backup:RetentionDays"] = "7" }), "backup", "--dir", dir);
            Assert.That(exit, Is.Zero, output);

            var left = Directory.GetFiles(dir).Select(Path.GetFileName).ToList();
            Assert.That(File.Exists(expired) || File.Exists(justExpired), Is.False, "archives older than 7 days are deleted: " + string.Join(", ", left));
            Assert.That(File.Exists(kept), Is.True, "a 6-day-old archive is within the window");
            Assert.That(File.Exists(notAnArchive), Is.True, "only the command's own archives are touched");
            Assert.That(left.Count(f => f!.StartsWith("sendgateway-", StringComparison.Ordinal) && f.EndsWith(".sgbak", StringComparison.Ordinal)), Is.EqualTo(2), "the new archive and the kept one");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
