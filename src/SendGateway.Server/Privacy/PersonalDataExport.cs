using SendGateway.Server.Messages;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Privacy;

/// <summary><c>GET /v1/privacy/export</c>: everything the tenant's account holds about one recipient.</summary>
/// <param name="Contents">The copies as sent that are kept (<c>keep_content_days</c>), newest first, at most <c>MaxExportedContents</c>.</param>
internal sealed record PersonalDataExport(
    string Email, IReadOnlyList<MessageView> Messages, Suppression? Suppression, int? HardBounces, bool MessagesTruncated, IReadOnlyList<KeptContent> Contents, bool ContentsTruncated);
