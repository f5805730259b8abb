using SendGateway.Server.EventContract;

namespace SendGateway.Server.Tracking;

/// <summary>Whether an open or click was a machine's, why, and the coarse client.</summary>
internal sealed record MachineVerdict(bool Machine, string? Reason, ClientDetail Client);
