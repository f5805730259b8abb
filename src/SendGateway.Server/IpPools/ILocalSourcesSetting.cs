namespace SendGateway.Server.IpPools;

/// <summary>
/// The source addresses this node was told it has (<c>SendGateway:Delivery:LocalSources</c>, kept with delivery's
/// options, which implement this); empty = read them off the node's network interfaces (<see cref="LocalSources"/>).
/// </summary>
internal interface ILocalSourcesSetting
{
    List<string> LocalSources { get; }
}
