namespace SendGateway.Server.Users;

/// <summary>What is done to a panel user by someone else (<see cref="UserChangeRules"/>).</summary>
internal enum UserChangeKind
{
    Role,
    Delete,
    ResetFactor,
}
