namespace SendGateway.Server.Domains;

/// <summary>
/// The delivery EHLO name (<c>SendGateway:Delivery:HeloName</c>), which the suggested SPF names when no include and no
/// IP pool is configured. Delivery's options implement it, so domains read the one delivery section without depending
/// on delivery (delivery reads the domains' keys).
/// </summary>
internal interface ISendingHost
{
    /// <summary>EHLO name; null for the machine name.</summary>
    string? HeloName { get; }
}
