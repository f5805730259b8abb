using SendGateway.Server.Messages;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Privacy;

/// <summary><c>GET /v1/privacy/export</c>: everything the tenant's account holds about one recipient.</summary>
public sealed record PersonalDataExport(string Email, IReadOnlyList<MessageView> Messages, Suppression? Suppression, int? HardBounces, bool MessagesTruncated);
