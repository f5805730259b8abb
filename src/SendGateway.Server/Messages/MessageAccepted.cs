namespace SendGateway.Server.Messages;

/// <summary>The 202 body of <c>POST /v1/messages</c>.</summary>
internal sealed record MessageAccepted(string BatchId, IReadOnlyList<AcceptedRecipient> Messages);
