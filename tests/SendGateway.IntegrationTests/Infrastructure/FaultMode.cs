namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>What a <see cref="FaultProxy"/> does to the traffic it carries (reliability.md §7, Toxiproxy's toxics).</summary>
public enum FaultMode
{
    /// <summary>Every byte is forwarded at once.</summary>
    Pass,

    /// <summary>Each chunk is held for the proxy's delay before it is forwarded (Toxiproxy <c>latency</c>).</summary>
    Delay,

    /// <summary>
    /// Connections are accepted and kept, nothing is forwarded either way: a store that hangs instead of refusing
    /// (Toxiproxy <c>timeout</c> 0). What was read is held, not dropped, and goes on when the mode changes, as TCP would
    /// deliver it after a stall.
    /// </summary>
    Blackhole,

    /// <summary>
    /// The client's bytes are forwarded, the server's replies held (and forwarded when the mode changes): the server
    /// runs every command it is sent while the client waits for an answer that does not come.
    /// </summary>
    HoldReplies,

    /// <summary>Every connection, open or new, is reset (RST: linger 0, then close; Toxiproxy <c>reset_peer</c>).</summary>
    Reset,

    /// <summary>Open connections are closed (FIN) and new ones refused: the listener stops until the mode changes.</summary>
    Cut,
}
