namespace SendGateway.Server.Domains;

internal enum DomainAddStatus
{
    Created,

    /// <summary>Not a domain name.</summary>
    InvalidName,

    /// <summary>The tenant has it already.</summary>
    Exists,

    /// <summary>Another tenant has it verified (the answer says no more than that).</summary>
    HeldElsewhere,
}
