using SendGateway.Server.EventContract;

namespace SendGateway.Server.Bounces;

/// <summary>What an inbound report says happened to the message: the event to record, its class, the remote reply, a reason.</summary>
internal sealed record BounceReport(string EventType, string? BounceClass, SmtpDetail? Smtp, string? Reason);
