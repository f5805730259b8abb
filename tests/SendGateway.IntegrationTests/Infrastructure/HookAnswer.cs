namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// What a <see cref="ScriptedWebhookServer"/> does with one request: answer a status (with one extra header line), reset
/// the connection (RST), hang (read, never answer), or trickle at 1 B/s either its status line and headers or, after
/// whole headers, its body.
/// </summary>
public sealed record HookAnswer(string Kind, int StatusCode = 0, string? Header = null)
{
    public static readonly HookAnswer Reset = new("reset");
    public static readonly HookAnswer Hang = new("hang");
    public static readonly HookAnswer TrickleHead = new("trickle-head");
    public static readonly HookAnswer TrickleBody = new("trickle-body");

    public static HookAnswer Status(int statusCode, string? header = null) => new("status", statusCode, header);
}
