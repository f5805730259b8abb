namespace SendGateway.Server.Domains;

/// <summary>
/// The delivery EHLO name (<c>SendGateway:Delivery:HeloName</c>, validated with the delivery options), which the
/// suggested SPF names when no include and no IP pool is configured. Read here on its own so domains do not depend on
/// delivery (delivery reads the domains' keys).
/// </summary>
public sealed class SendingHostOptions
{
    /// <summary>EHLO name; defaults to the machine name.</summary>
    public string? HeloName { get; set; }
}
