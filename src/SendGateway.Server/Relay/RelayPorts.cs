using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Relay;

/// <summary><c>SendGateway:Relay:Ports</c> (api.md §10); 0 turns a listener off.</summary>
public sealed class RelayPorts
{
    /// <summary>STARTTLS submission.</summary>
    [Range(0, 65535)]
    public int Submission { get; set; } = 587;

    /// <summary>Implicit TLS.</summary>
    [Range(0, 65535)]
    public int Tls { get; set; } = 465;

    /// <summary>STARTTLS, for networks that block 587.</summary>
    [Range(0, 65535)]
    public int Alternate { get; set; } = 2525;
}
