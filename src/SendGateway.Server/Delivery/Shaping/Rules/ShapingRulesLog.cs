namespace SendGateway.Server.Delivery.Shaping.Rules;

internal static partial class ShapingRulesLog
{
    [LoggerMessage(2461, LogLevel.Information, "Shaping rules {Version} in effect: {Providers} providers, {Rules} reply rules")]
    public static partial void InEffect(ILogger logger, string version, int providers, int rules);

    [LoggerMessage(2462, LogLevel.Error, "Shaping rules not reloaded, the rules {Version} stay in effect: {Problem}")]
    public static partial void Refused(ILogger logger, string version, string problem);

    [LoggerMessage(2463, LogLevel.Error, "Shaping rules: reading the operator's file failed unexpectedly; the rules {Version} stay in effect")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, string version);
}
