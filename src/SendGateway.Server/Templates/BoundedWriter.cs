using System.Text;

namespace SendGateway.Server.Templates;

/// <summary>The render's output, counted against its <see cref="RenderBudget"/> as it is written.</summary>
internal sealed class BoundedWriter(RenderBudget budget) : StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture)
{
    public override void Write(char value)
    {
        budget.Write(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        budget.Write(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        budget.Write(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        budget.Write(value?.Length ?? 0);
        base.Write(value);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }
}
