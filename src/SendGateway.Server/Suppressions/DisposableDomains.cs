using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Domains of throw-away address services (shipped as <c>disposable-domains.txt</c>, or the operator's file). A
/// recipient matches when its domain or any parent domain is listed.
/// </summary>
internal sealed class DisposableDomains
{
    private readonly FrozenSet<string> _domains;

    public DisposableDomains(IOptions<SuppressionsOptions> options)
    {
        var lines = options.Value.DisposableDomainsFile is { Length: > 0 } path ? File.ReadLines(path) : ReadShipped();
        _domains = lines.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0 && l[0] != '#').ToFrozenSet(StringComparer.Ordinal);
    }

    public int Count => _domains.Count;

    public bool IsDisposable(string domain)
    {
        var span = domain.AsSpan();
        while (true)
        {
            if (_domains.Contains(span.ToString()))
            {
                return true;
            }

            var dot = span.IndexOf('.');
            if (dot < 0 || span[(dot + 1)..].IndexOf('.') < 0)
            {
                return false;
            }

            span = span[(dot + 1)..];
        }
    }

    private static IEnumerable<string> ReadShipped()
    {
        using var stream = typeof(DisposableDomains).Assembly.GetManifestResourceStream("SendGateway.Server.Suppressions.disposable-domains.txt")
            ?? throw new InvalidOperationException("The shipped disposable-domain list is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
