using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery;

/// <summary><c>SendGateway:Bounces</c>: the VERP return-path domain (and, later, the inbound DSN listener).</summary>
public sealed class BounceOptions
{
    [Required]
    public string Domain { get; set; } = "bounces.localhost";

    [Range(0, 65535)]
    public int Port { get; set; } = 2526;
}
