namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>A provider's limits from the rules file; 0 = none (the <c>Delivery:Shaping</c> options still apply; the lower wins).</summary>
/// <param name="Connections">Open connections per MX address, per worker.</param>
/// <param name="MessagesPerConnection">Messages before a connection is replaced.</param>
/// <param name="MessagesPerMinutePerSource">Attempts per minute from one source address to this provider, over every node.</param>
internal sealed record ProviderLimits(int Connections = 0, int MessagesPerConnection = 0, int MessagesPerMinutePerSource = 0);
