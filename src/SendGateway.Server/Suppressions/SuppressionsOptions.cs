using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Suppressions;

/// <summary><c>SendGateway:Suppressions</c>: bounds of the list API and where the disposable-domain list comes from.</summary>
public sealed class SuppressionsOptions
{
    /// <summary>Entries per <c>POST /v1/suppressions</c>.</summary>
    [Range(1, 10_000)]
    public int MaxPerRequest { get; set; } = 1000;

    /// <summary>Size of a CSV import body.</summary>
    [Range(1024, 1L << 30)]
    public long MaxImportBytes { get; set; } = 64L << 20;

    /// <summary>Lines of a CSV import.</summary>
    [Range(1, 10_000_000)]
    public int MaxImportRows { get; set; } = 1_000_000;

    /// <summary>A file with one domain per line that replaces the shipped disposable-domain list (optional).</summary>
    public string? DisposableDomainsFile { get; set; }
}
