using System.Text.RegularExpressions;

namespace SendGateway.Server.Tests;

/// <summary>
/// reliability.md T90 (trim safety): the delivery queue is never trimmed. An entry leaves its stream only when its
/// outcome is recorded (XACK and XDEL in one script), so no pending entry can be cut off by a length or id bound, and
/// XAUTOCLAIM never meets a deleted id. Any trim in the server's code (XTRIM, XADD's MAXLEN or MINID, SE.Redis's
/// StreamTrim or an XADD with a maxLength) fails this test: it would need the catalogue's rule (trim only below the
/// oldest pending id of every group) and a test of its own.
/// </summary>
public sealed class QueueIsNeverTrimmedTests
{
    private static readonly Regex Trim = new(@"\bXTRIM\b|\bMAXLEN\b|\bMINID\b|StreamTrim|maxLength\s*:|useApproximateMaxLength", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    [Test]
    public void NoStreamOfTheServerIsTrimmed()
    {
        var server = Path.Combine(RepositoryRoot(), "src", "SendGateway.Server");
        var found = Directory.EnumerateFiles(server, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".lua", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(server, f), Line: i + 1, Text: line)))
            .Where(l => Trim.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.That(found, Is.Empty, "a stream trim: pending entries could be removed (T90)");
    }

    [Test]
    public void TheCheckFindsATrim()
    {
        Assert.That(Trim.IsMatch("redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])"), Is.True);
        Assert.That(Trim.IsMatch("await db.StreamAddAsync(key, field, value, maxLength: 1000);"), Is.True);
        Assert.That(Trim.IsMatch("public int DeadLetterMaxLength { get; set; }"), Is.False);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SendGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No SendGateway.sln above " + AppContext.BaseDirectory);
    }
}
