namespace SendGateway.Server.Messages;

/// <summary>What holds a message not yet final (<c>Queue/HoldReasons</c>: <c>tenant_paused</c>), and since when.</summary>
internal sealed record MessageHold(string Reason, DateTime? Since);
