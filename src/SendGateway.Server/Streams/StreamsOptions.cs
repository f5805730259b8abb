using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Streams;

/// <summary><c>SendGateway:Streams</c>: how many message streams an account may have and how long a node reuses one it read.</summary>
public sealed class StreamsOptions
{
    public const string Section = "SendGateway:Streams";

    /// <summary>Streams a tenant may have, the two built-in ones included.</summary>
    [Range(2, 1000)]
    public int MaxPerTenant { get; set; } = 50;

    /// <summary>How long a node reuses a stream it read for accepting mail (a change reaches other nodes within it).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CacheTime { get; set; } = TimeSpan.FromSeconds(5);
}
