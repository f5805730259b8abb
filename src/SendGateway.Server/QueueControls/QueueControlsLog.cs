namespace SendGateway.Server.QueueControls;

/// <summary>Queue control logs: control ids, actions, scopes and counts only; never a recipient address.</summary>
internal static partial class QueueControlsLog
{
    [LoggerMessage(37301, LogLevel.Warning, "Queue controls could not be read ({Error}); the {Count} controls read last stay in effect until a read succeeds")]
    public static partial void RefreshFailed(ILogger logger, string error, int count);

    [LoggerMessage(37302, LogLevel.Information, "Queue controls read again after a failure: {Count} in effect")]
    public static partial void RefreshRecovered(ILogger logger, int count);

    [LoggerMessage(37303, LogLevel.Information, "Queue control {Id} ({Action} by {Scope}) created by {Actor}")]
    public static partial void Created(ILogger logger, string id, string action, string scope, string actor);

    [LoggerMessage(37304, LogLevel.Information, "Queue control {Id} ({Action} by {Scope}) lifted by {Actor}: {Released} held entries released on this node")]
    public static partial void Lifted(ILogger logger, string id, string action, string scope, string actor, long released);

    [LoggerMessage(37305, LogLevel.Information, "Bounce controls made {Count} scheduled entries due, to be dropped on their next pass")]
    public static partial void BouncesPromoted(ILogger logger, long count);

    [LoggerMessage(37306, LogLevel.Warning, "Releasing or promoting the mail of queue controls failed ({Error}); tried again on the next refresh")]
    public static partial void FollowUpFailed(ILogger logger, string error);
}
