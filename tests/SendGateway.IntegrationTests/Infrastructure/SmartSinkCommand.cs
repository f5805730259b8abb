using System.Net;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A command a <see cref="SmartSink"/> received, in arrival order (<paramref name="Sequence"/>), from a client address.</summary>
public sealed record SmartSinkCommand(long Sequence, IPAddress? Source, SmtpVerb Verb, DateTimeOffset At);
