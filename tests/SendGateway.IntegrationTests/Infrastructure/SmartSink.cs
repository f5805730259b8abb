using System.Net;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A "smart sink" MX for the shaping tests, built on our own SendGateway.Smtp and bound to one 127.0.0.x address: it
/// answers MAIL FROM per client (source) address and per count of messages accepted from it, as <see cref="SmartSinkRule"/>s
/// script (a provider's <c>421 4.7.0 [TSS04]</c> to one of three addresses, a <c>421 4.7.28</c> rate reply after N
/// messages), accepts everything else, and records every command, scripted answer and message in one numbered order.
/// </summary>
public sealed class SmartSink : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SmartSinkRule> _rules;
    private readonly Dictionary<SmartSinkRule, int> _fired = [];
    private readonly Dictionary<IPAddress, int> _accepted = [];
    private readonly List<SmartSinkCommand> _commands = [];
    private readonly List<SmartSinkAnswer> _answers = [];
    private readonly List<SmartSinkMessage> _messages = [];
    private readonly SmtpServer _server;
    private long _sequence;

    public SmartSink(IPEndPoint endPoint, string hostName, params SmartSinkRule[] rules)
    {
        _rules = [.. rules];
        _server = SmtpServer.Start(endPoint, () => new SmartSinkHandler(this), new SmtpSessionOptions { HostName = hostName });
    }

    public IPEndPoint EndPoint => _server.EndPoint;

    public IReadOnlyList<SmartSinkCommand> Commands { get { lock (_gate) { return [.. _commands]; } } }

    public IReadOnlyList<SmartSinkAnswer> Answers { get { lock (_gate) { return [.. _answers]; } } }

    public IReadOnlyList<SmartSinkMessage> Messages { get { lock (_gate) { return [.. _messages]; } } }

    /// <summary>Sessions opened from <paramref name="source"/> (its EHLO or HELO commands) after the command numbered <paramref name="after"/>.</summary>
    public int SessionsFrom(IPAddress source, long after = 0) =>
        Commands.Count(c => source.Equals(c.Source) && c.Sequence > after && c.Verb is SmtpVerb.Ehlo or SmtpVerb.Helo);

    /// <summary>Any command from <paramref name="source"/> after the command numbered <paramref name="after"/>.</summary>
    public int CommandsFrom(IPAddress source, long after = 0) => Commands.Count(c => source.Equals(c.Source) && c.Sequence > after);

    public int MessagesFrom(IPAddress source, long after = 0) => Messages.Count(m => source.Equals(m.Message.Client) && m.Sequence > after);

    internal void RecordCommand(IPAddress? source, SmtpVerb verb)
    {
        lock (_gate)
        {
            _commands.Add(new SmartSinkCommand(++_sequence, source, verb, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>The first rule that applies to a MAIL from <paramref name="source"/>, counted as fired; null: accept.</summary>
    internal SmtpReply? Answer(IPAddress? source)
    {
        lock (_gate)
        {
            var accepted = source is null ? 0 : _accepted.GetValueOrDefault(source);
            foreach (var rule in _rules)
            {
                var fired = _fired.GetValueOrDefault(rule);
                if ((rule.Source is null || rule.Source.Equals(source)) && accepted >= rule.AfterMessages && (rule.Times is null || fired < rule.Times))
                {
                    _fired[rule] = fired + 1;
                    _answers.Add(new SmartSinkAnswer(_sequence, source, rule.Reply, DateTimeOffset.UtcNow)); // numbered as its MAIL command
                    return rule.Reply;
                }
            }

            return null;
        }
    }

    internal void Accept(ReceivedMessage message)
    {
        lock (_gate)
        {
            if (message.Client is { } client)
            {
                _accepted[client] = _accepted.GetValueOrDefault(client) + 1;
            }

            _messages.Add(new SmartSinkMessage(message, ++_sequence, DateTimeOffset.UtcNow));
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
