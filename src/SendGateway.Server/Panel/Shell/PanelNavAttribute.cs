namespace SendGateway.Server.Panel.Shell;

/// <summary>
/// A page's link in the layout's navigation: its label and place (lower first). The link goes to the page's route and
/// shows to whoever its <c>[Authorize(Policy = …)]</c> lets in; operator pages go to the operator console's navigation.
/// Each feature marks its own pages, so the shell names none of them (<see cref="PanelNav"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class PanelNavAttribute(string label, int order) : Attribute
{
    public string Label { get; } = label;

    public int Order { get; } = order;
}
