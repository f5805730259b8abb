namespace SendGateway.Server.Templates;

/// <summary>A <c>template</c> is sent; a <c>layout</c> is the frame templates name, with <c>{{ content }}</c> where they go.</summary>
internal static class TemplateKinds
{
    public const string Template = "template";
    public const string Layout = "layout";
}
