using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Demo;

/// <summary><c>SendGateway:Demo</c>: what <c>make run</c> seeds so a new user can send at once.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string TenantName { get; set; } = "demo";

    [Required, RegularExpression(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", ErrorMessage = "The demo domain must be a lower-case domain name.")]
    public string Domain { get; set; } = "demo.sendgateway.test";

    /// <summary>Where the demo's capture sink writes, for the banner.</summary>
    public string? CaptureFolder { get; set; }
}
