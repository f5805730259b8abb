namespace SendGateway.Server.Streams;

/// <summary>
/// The two kinds of message stream and the two built-in streams named after them: <c>transactional</c> (the default:
/// password resets, receipts) and <c>broadcast</c> (newsletters, announcements).
/// </summary>
internal static class StreamKinds
{
    public const string Transactional = "transactional";
    public const string Broadcast = "broadcast";

    /// <summary>The stream of a message that names none.</summary>
    public const string DefaultStream = Transactional;

    public static readonly string[] All = [Transactional, Broadcast];

    public static bool IsKind(string? value) => value is Transactional or Broadcast;

    public static bool IsBuiltIn(string id) => id is Transactional or Broadcast;

    /// <summary>The unsubscribe mode a stream of <paramref name="kind"/> has unless set: none on transactional mail, the headers on broadcast.</summary>
    public static string DefaultUnsubscribe(string kind) => kind == Broadcast ? Settings.TenantSettings.UnsubscribeHeader : Settings.TenantSettings.UnsubscribeOff;
}
