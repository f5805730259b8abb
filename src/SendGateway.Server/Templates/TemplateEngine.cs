using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Templates;

/// <summary>
/// The one template engine, for stored and inline templates alike: Liquid (Fluid, an interpreter: nothing is
/// compiled, nothing reaches .NET objects or files) under <see cref="TemplatesOptions"/>' bounds. Values are
/// HTML-escaped in the html part (<c>| raw</c> prints one as it is) and printed as they are in subject and text.
/// Parsed templates are cached by source, so each stored version and each batch's inline body is parsed once.
/// </summary>
internal sealed class TemplateEngine : IDisposable
{
    private static readonly FluidParser Parser = new();
    private static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly TemplatesOptions _options;
    private readonly TemplateOptions _fluid;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;

    public TemplateEngine(IOptions<TemplatesOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheChars });
        _fluid = new TemplateOptions
        {
            MaxSteps = _options.MaxSteps, StrictFilters = true, CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
            Now = () => time.GetUtcNow(), FileProvider = new Microsoft.Extensions.FileProviders.NullFileProvider(),
        };
        foreach (var (name, filter) in _fluid.Filters.ToList())
        {
            _fluid.Filters.AddFilter(name, Bounded(filter)); // a value a filter builds counts, printed or not
        }

        _fluid.Captured = (_, value, context) =>
        {
            RenderBudget.Of(context).Value(value.ToStringValue().Length);
            return ValueTask.FromResult(value);
        };
    }

    /// <summary>One part's source parsed and checked (size, nesting, syntax, filters), from the cache when seen before.</summary>
    public TemplateParse Parse(string source)
    {
        if (_cache.TryGetValue(source, out TemplateParse? cached))
        {
            return cached!;
        }

        var parsed = ParseUncached(source);
        _cache.Set(source, parsed, new MemoryCacheEntryOptions { Size = Math.Max(1, source.Length) });
        return parsed;
    }

    /// <summary>
    /// A text part generated from an html source (<see cref="EmailHtml.ToText"/>), cached like a parse: requests that
    /// share an html body pay for the HTML parser once. Callers pass only html that <see cref="Parse"/> accepted.
    /// </summary>
    public string GeneratedText(string html) =>
        _cache.GetOrCreate((nameof(GeneratedText), html), entry =>
        {
            entry.Size = Math.Max(1, html.Length);
            return EmailHtml.ToText(html);
        })!;

    /// <summary>Renders every part for one recipient (each part inside its layout frame when there is one).</summary>
    public RenderedParts Render(MessageParts parts, IReadOnlyDictionary<string, FluidValue> model)
    {
        var missing = new List<string>();
        var errors = new List<string>();
        string? Part(string name, string? source, string? layout, bool html)
        {
            var rendered = RenderPart(source, layout, model, html);
            missing.AddRange(rendered.Missing.Where(m => !missing.Contains(m)));
            if (rendered.Error is not null)
            {
                errors.Add($"{name}: {rendered.Error}");
            }

            return rendered.Output;
        }

        var subject = Part("subject", parts.Subject, null, html: false);
        var text = Part("text", parts.Text, parts.TextLayout, html: false);
        var html = Part("html", parts.Html, parts.HtmlLayout, html: true);
        return new RenderedParts(subject, text, html, missing, errors);
    }

    /// <summary>One part; with a layout, the part's output goes where the layout prints <c>{{ content }}</c>.</summary>
    public TemplateRender RenderPart(string? source, string? layout, IReadOnlyDictionary<string, FluidValue> model, bool html)
    {
        if (source is null)
        {
            return new TemplateRender(null, [], null);
        }

        var inner = RenderOne(source, model, html, content: null);
        return layout is null || !inner.Succeeded ? inner : RenderOne(layout, model, html, inner.Output);
    }

    public void Dispose() => _cache.Dispose();

    private TemplateParse ParseUncached(string source)
    {
        if (Encoding.UTF8.GetByteCount(source) > _options.MaxTemplateBytes)
        {
            return new TemplateParse(null, $"The template is larger than {_options.MaxTemplateBytes} bytes.");
        }

        if (TemplateShape.Check(source, _options.MaxNesting, _options.MaxTagLength) is { } shape)
        {
            return new TemplateParse(null, shape);
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            return new TemplateParse(null, $"Syntax error: {error.Split('\n')[0].Trim()}");
        }

        var checks = new TemplateChecks(_fluid.Filters);
        checks.VisitTemplate(template);
        return checks.Problems.Count > 0
            ? new TemplateParse(null, string.Join(" ", checks.Problems.Distinct()))
            : new TemplateParse(new RequiredOutputs().VisitTemplate(new BoundedRanges(_options.MaxSteps).VisitTemplate(template)), null);
    }

    private TemplateRender RenderOne(string source, IReadOnlyDictionary<string, FluidValue> model, bool html, string? content)
    {
        var parse = Parse(source);
        if (parse.Template is null)
        {
            return new TemplateRender(null, [], parse.Error);
        }

        var budget = new RenderBudget(_options.MaxOutputChars, _time.GetTimestamp() + (long)(_options.MaxRenderTime.TotalSeconds * _time.TimestampFrequency), _time);
        var missing = new List<string>();
        var context = new TemplateContext(_fluid);
        context.AmbientValues[RenderBudget.Key] = budget;
        context.AmbientValues[RequiredMember.MissingKey] = missing;
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        if (content is not null)
        {
            context.SetValue("content", new StringValue(content, encode: false));
        }

        using var writer = new BoundedWriter(budget);
        try
        {
            var pending = parse.Template.RenderAsync(writer, html ? Html : NullEncoder.Default, context);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (TemplateLimitException e)
        {
            return new TemplateRender(null, missing, e.Message);
        }
        catch (InvalidOperationException e) when (e.Source == typeof(TemplateContext).Assembly.GetName().Name)
        {
            // Fluid's step limit (its message speaks of recursion: include and render are refused, so only steps get here).
            return new TemplateRender(null, missing, $"The template runs more than {_options.MaxSteps} steps (statements and loop iterations).");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Fluid's own limits (steps, recursion) and a filter's failure (divided_by: 0) alike: this part cannot be rendered.
            return new TemplateRender(null, missing, $"The template could not be rendered: {e.Message}");
        }

        return missing.Count > 0 ? new TemplateRender(null, missing, null) : new TemplateRender(writer.ToString(), missing, null);
    }

    private static FilterDelegate Bounded(FilterDelegate filter) => async (input, arguments, context) =>
    {
        var result = await filter(input, arguments, context);
        if (result is StringValue text && context.AmbientValues.ContainsKey(RenderBudget.Key))
        {
            RenderBudget.Of(context).Value(text.ToStringValue().Length);
        }

        return result;
    };
}
