using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Common;

/// <summary><c>SendGateway:LastUse</c>: how the "last used" time of API keys and SMTP credentials is kept.</summary>
public sealed class LastUseOptions
{
    /// <summary>Uses are noted in memory and written to PostgreSQL this often (so "last used" lags by up to this much).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keys or credentials noted per node between two writes at most; uses of others wait for the next round.</summary>
    [Range(100, 10_000_000)]
    public int MaxTracked { get; set; } = 100_000;
}
