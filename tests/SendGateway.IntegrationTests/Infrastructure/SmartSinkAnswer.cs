using System.Net;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A scripted reply a <see cref="SmartSink"/> gave (to a MAIL command), in the order of its commands.</summary>
public sealed record SmartSinkAnswer(long Sequence, IPAddress? Source, SmtpReply Reply, DateTimeOffset At);
