using System.Text.RegularExpressions;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>The mx host's capture sink: one .eml file per message received; counted by the test token in the subject.</summary>
public static partial class MxMailbox
{
    /// <summary>How many copies of each token (subjects starting with <paramref name="prefix"/>) the sink holds.</summary>
    public static Dictionary<string, int> Copies(string prefix)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(ClusterTopology.MailFolder, "*.eml"))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0)
                {
                    break; // end of the headers
                }

                var match = Subject().Match(line);
                if (match.Success && match.Groups[1].Value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var token = match.Groups[1].Value;
                    copies[token] = copies.GetValueOrDefault(token) + 1;
                    break;
                }
            }
        }

        return copies;
    }

    [GeneratedRegex(@"^Subject: (\S+)")]
    private static partial Regex Subject();
}
