using SendGateway.Server.Events;

namespace SendGateway.Server.Messages;

/// <summary><c>GET /v1/messages/{id}</c>: the envelope, the status by rank and every event in order.</summary>
internal sealed record MessageView(
    string Id, string BatchId, string Recipient, string From, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Metadata,
    string Status, DateTimeOffset AcceptedAt, DateTimeOffset UpdatedAt, IReadOnlyList<EventView> Events)
{
    /// <summary>Why a message not yet final waits without attempts (its status stays as it is); null when nothing holds it.</summary>
    public MessageHold? Held { get; init; }

    /// <summary>The message's stream (<c>transactional</c> for messages from before streams).</summary>
    public string Stream { get; init; } = Streams.StreamKinds.DefaultStream;

    /// <summary>The subject as sent (null: the tenant does not keep subjects, the message is from before they were kept, or it was anonymised).</summary>
    public string? Subject { get; init; }
}
