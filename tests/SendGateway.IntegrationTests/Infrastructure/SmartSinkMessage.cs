namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A message a <see cref="SmartSink"/> accepted, in the order of its commands.</summary>
public sealed record SmartSinkMessage(ReceivedMessage Message, long Sequence, DateTimeOffset At);
