using Fluid;

namespace SendGateway.Server.Templates;

/// <summary>
/// What one render may still spend: characters (of output, and of any value a filter or capture builds, so a
/// doubling <c>assign</c> cannot exhaust memory without printing) and wall-clock time. Kept in the render's
/// <see cref="TemplateContext.AmbientValues"/> so filters and the writer share it.
/// </summary>
internal sealed class RenderBudget(int maxChars, long deadline, TimeProvider time)
{
    public const string Key = "sg.budget";
    private int _written;

    public static RenderBudget Of(TemplateContext context) => (RenderBudget)context.AmbientValues[Key];

    /// <summary>Counts characters written to the output.</summary>
    public void Write(int chars)
    {
        _written += chars;
        Check(_written);
    }

    /// <summary>Checks a value built along the way (it is not output yet, but it is memory).</summary>
    public void Value(int chars) => Check(chars);

    private void Check(int chars)
    {
        if (chars > maxChars)
        {
            throw new TemplateLimitException($"The template produces more than {maxChars} characters.");
        }

        if (time.GetTimestamp() > deadline)
        {
            throw new TemplateLimitException("The template took longer than its render time limit.");
        }
    }
}
