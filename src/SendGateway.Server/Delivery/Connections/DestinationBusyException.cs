namespace SendGateway.Server.Delivery.Connections;

/// <summary>Every connection slot of an MX address is taken by some worker: the message waits without an attempt.</summary>
internal sealed class DestinationBusyException(string target) : Exception($"All connections to {target} are in use.");
