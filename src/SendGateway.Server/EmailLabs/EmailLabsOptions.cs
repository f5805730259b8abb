using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.EmailLabs;

/// <summary><c>SendGateway:EmailLabs</c>: bounds of the EmailLabs-compatible API under <c>/api/</c>.</summary>
public sealed class EmailLabsOptions
{
    /// <summary>Off: <c>/api/</c> answers 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Body of one request (form-encoded, attachments base64 inside it).</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBytes { get; set; } = 40L << 20;

    /// <summary>Fields of one form (each recipient's vars, each file's parts count).</summary>
    [Range(10, 1_000_000)]
    public int MaxFields { get; set; } = 20_000;

    /// <summary>Length of one field name (<c>to[address][vars][name]</c>).</summary>
    [Range(64, 65_536)]
    public int MaxKeyLength { get; set; } = 1024;

    /// <summary>Rows per page of the log lists (<c>limit</c>; EmailLabs' default is 100).</summary>
    [Range(1, 10_000)]
    public int MaxLimit { get; set; } = 1000;

    /// <summary>Largest <c>offset</c> of the log lists: rows are read up to offset + limit, so this bounds a deep page's cost.</summary>
    [Range(0, 1_000_000)]
    public int MaxOffset { get; set; } = 10_000;
}
