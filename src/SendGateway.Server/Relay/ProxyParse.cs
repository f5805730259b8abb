namespace SendGateway.Server.Relay;

/// <summary>What <see cref="ProxyProtocolHeader.TryParse"/> found at the start of a connection.</summary>
internal enum ProxyParse
{
    Incomplete,
    Invalid,

    /// <summary>A PROXY command: the client's address (or none, for UNSPEC and UNKNOWN).</summary>
    Proxied,

    /// <summary>A version 2 LOCAL command: the proxy's own connection (a health check).</summary>
    Local,
}
