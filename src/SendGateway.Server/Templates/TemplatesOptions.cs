using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Templates;

/// <summary>
/// <c>SendGateway:Templates</c>: how many stored templates and versions a tenant keeps, and the bounds every render
/// (stored or inline, preview or delivery) runs under: a tenant's template is input, and no template may hang a
/// worker or exhaust memory.
/// </summary>
public sealed class TemplatesOptions
{
    [Range(1, 100_000)]
    public int MaxTemplatesPerTenant { get; set; } = 500;

    /// <summary>Versions kept per template; the oldest inactive one is deleted when a new one would pass this.</summary>
    [Range(1, 1000)]
    public int MaxVersionsPerTemplate { get; set; } = 50;

    /// <summary>Bytes of one template part (subject, html or text source), stored or inline.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxTemplateBytes { get; set; } = 512 * 1024;

    /// <summary>Blocks inside blocks (<c>if</c>, <c>for</c>, …); the parser recurses per level.</summary>
    [Range(1, 100)]
    public int MaxNesting { get; set; } = 20;

    /// <summary>Characters inside one <c>{{ … }}</c> or <c>{% … %}</c>: bounds the expression depth the parser recurses into.</summary>
    [Range(50, 4000)]
    public int MaxTagLength { get; set; } = 1000;

    /// <summary>Statements and loop iterations one render of one part may execute.</summary>
    [Range(100, 10_000_000)]
    public int MaxSteps { get; set; } = 50_000;

    /// <summary>Characters one render of one part may produce, values built with filters and captures included.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxOutputChars { get; set; } = 5 * 1024 * 1024;

    /// <summary>Wall-clock time one render of one part may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxRenderTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Characters of parsed templates kept in memory (by source: each stored version and each inline body).</summary>
    [Range(1024, 1_000_000_000)]
    public int CacheChars { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// How long a node keeps a stored template as resolved for sends. A change reaches every node at once through
    /// Redis; this bounds how long a node that missed it (Redis down) uses the previous version. Zero: a query per send.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ResolvedCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Characters of resolved templates (parts and layouts) kept for sends; the least recently used go first.</summary>
    [Range(1024, 1_000_000_000)]
    public int ResolvedCacheChars { get; set; } = 64 * 1024 * 1024;
}
