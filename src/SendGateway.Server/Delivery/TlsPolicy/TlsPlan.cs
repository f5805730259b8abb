using SendGateway.Server.Delivery.Connections;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>The targets an attempt may use, each with its <see cref="DeliveryTarget.Tls"/>, or why none may be used now (a softbounce).</summary>
internal sealed record TlsPlan(IReadOnlyList<DeliveryTarget> Targets, DeliveryOutcome? Failure = null);
