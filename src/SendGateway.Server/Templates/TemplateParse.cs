using Fluid;

namespace SendGateway.Server.Templates;

/// <summary>One part's source parsed: the template, or the first problem with it (syntax with line and column, a limit).</summary>
internal sealed record TemplateParse(IFluidTemplate? Template, string? Error);
