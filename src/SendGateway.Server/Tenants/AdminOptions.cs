using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Tenants;

/// <summary><c>SendGateway:Admin</c>. With no <c>ApiKey</c> the operator API answers 401 to everyone.</summary>
public sealed class AdminOptions
{
    /// <summary>The operator key; long enough not to be guessed (<c>make run</c> makes one of 36 characters).</summary>
    [MinLength(20)]
    public string? ApiKey { get; set; }
}
