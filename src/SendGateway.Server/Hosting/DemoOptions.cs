namespace SendGateway.Server.Hosting;

/// <summary><c>SendGateway:Demo</c>: what <c>make run</c> seeds so a new user can send at once.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }

    public string TenantName { get; set; } = "demo";

    public string Domain { get; set; } = "demo.sendgateway.test";

    /// <summary>Where the demo's capture sink writes, for the banner.</summary>
    public string? CaptureFolder { get; set; }
}
