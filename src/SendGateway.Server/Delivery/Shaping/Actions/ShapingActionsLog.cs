namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>Shaping action logs: providers, source addresses, rule names and reply codes; never recipients or content.</summary>
internal static partial class ShapingActionsLog
{
    [LoggerMessage(2361, LogLevel.Warning, "Shaping action {Kind} started for provider {Provider} from source {Source} by rule {Rule} ({Code} {Enhanced} from {Mx}) until {Until:u}")]
    public static partial void Started(ILogger logger, string kind, string provider, string source, string rule, int? code, string? enhanced, string? mx, DateTimeOffset until);

    [LoggerMessage(2362, LogLevel.Information, "Shaping action {Kind} for provider {Provider} from source {Source} extended by rule {Rule} until {Until:u}")]
    public static partial void Extended(ILogger logger, string kind, string provider, string source, string rule, DateTimeOffset until);

    [LoggerMessage(2363, LogLevel.Error, "Shaping action {Kind} for provider {Provider} from source {Source} (rule {Rule}) refused: {Max} actions are in effect (SendGateway:Delivery:ShapingActions:MaxActions)")]
    public static partial void Refused(ILogger logger, string kind, string provider, string source, string rule, int max);

    [LoggerMessage(2364, LogLevel.Information, "Shaping action {Id} ({Kind} for provider {Provider} from source {Source}) cancelled; {Released} held messages made due")]
    public static partial void Cancelled(ILogger logger, string id, string kind, string provider, string source, long released);
}
