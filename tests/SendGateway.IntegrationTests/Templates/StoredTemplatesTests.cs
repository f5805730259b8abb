using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Templates;

/// <summary>
/// Stored templates end to end (api.md §5, issue 15): create, version, activate and roll back; send by id through
/// REST to a real MX; missing variables, escaping, layouts, CSS inlining, generated text, hostile templates, tenants.
/// </summary>
[TestFixture]
public sealed class StoredTemplatesTests() : TenantFixture("api,delivery,events", "templates-acme.test")
{
    private static string Slug(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<JsonElement> CreateAsync(object template, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/templates", template);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<HttpResponseMessage> SendAsync(string templateId, object to, int? version = null, DateTimeOffset? sendAt = null) =>
        await Tenant.SendAsync(new { from = new { email = $"news@{SenderDomain}" }, to = new[] { to }, template_id = templateId, template_version = version, send_at = sendAt });

    private static async Task<string> MessageIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), body);
        return JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    [Test]
    public async Task VersionsAreImmutableActivatedOnPutUnlessToldAndRolledBack()
    {
        var id = Slug("welcome");
        var created = await CreateAsync(new { id, name = "Welcome", subject = "v1 {{ first }}", text = "one" });
        Assert.That(created.GetProperty("active_version").GetInt32(), Is.EqualTo(1));

        var put = await Tenant.Client.PutAsJsonAsync($"/v1/templates/{id}", new { subject = "v2 {{ first }}", text = "two" });
        Assert.That((await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active_version").GetInt32(), Is.EqualTo(2));
        var staged = await (await Tenant.Client.PutAsJsonAsync($"/v1/templates/{id}", new { subject = "v3", text = "three", activate = false })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(staged.GetProperty("active_version").GetInt32(), Is.EqualTo(2));
        Assert.That(staged.GetProperty("latest_version").GetInt32(), Is.EqualTo(3));
        Assert.That(staged.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 3, 2, 1 }));
        Assert.That(staged.GetProperty("active").GetProperty("text").GetString(), Is.EqualTo("two"));

        var rolledBack = await Tenant.Client.PostAsync($"/v1/templates/{id}/versions/1/activate", null);
        Assert.That((await rolledBack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetProperty("subject").GetString(), Is.EqualTo("v1 {{ first }}"));
        var third = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/templates/{id}/versions/3");
        Assert.That(third.GetProperty("text").GetString(), Is.EqualTo("three"));
        Assert.That(third.GetProperty("active").GetBoolean(), Is.False);
        Assert.That((await Tenant.Client.PostAsync($"/v1/templates/{id}/versions/9/activate", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var list = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/templates?limit=1000");
        Assert.That(list.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("id").GetString()), Does.Contain(id));
        Assert.That((await Tenant.Client.PostAsJsonAsync("/v1/templates", new { id, name = "again", subject = "s", text = "t" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Tenant.Client.DeleteAsync($"/v1/templates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Tenant.Client.GetAsync($"/v1/templates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ASentMessageKeepsTheVersionResolvedAtAcceptAndEscapesValuesInHtmlOnly()
    {
        var id = Slug("order");
        await CreateAsync(new
        {
            id, name = "Order", subject = "Order {{ order.id }} for {{ first }}",
            html = "<p>{{ note }}</p><ul>{% for i in order.items %}<li>{{ i.name }}</li>{% endfor %}</ul>", text = "Note: {{ note }}",
        });
        var rcpt = $"tpl-{Guid.NewGuid():N}@mx-ok.test";
        var vars = new { first = "Ann", note = "<script>alert(1)</script>", order = new { id = "A-17", items = new[] { new { name = "Tea & Cake" } } } };
        var messageId = await MessageIdAsync(await SendAsync(id, new { email = rcpt, vars }, sendAt: DateTimeOffset.UtcNow.AddSeconds(2)));
        // Edited while the message waits for its send_at: the queued copy must not change.
        (await Tenant.Client.PutAsJsonAsync($"/v1/templates/{id}", new { subject = "Edited", text = "edited" })).EnsureSuccessStatusCode();

        var message = await Tenant.WaitForStatusAsync(messageId, "ok");
        Assert.That(message.GetProperty("metadata").GetProperty("template_id").GetString(), Is.EqualTo(id));
        Assert.That(message.GetProperty("metadata").GetProperty("template_version").GetString(), Is.EqualTo("1"));
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        Assert.That(copy.Subject, Is.EqualTo("Order A-17 for Ann"));
        Assert.That(copy.HtmlBody, Does.Contain("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>").And.Contain("<li>Tea &amp; Cake</li>"));
        Assert.That(copy.TextBody, Does.Contain("Note: <script>alert(1)</script>"));
    }

    [Test]
    public async Task EveryMissingVariableIsRefusedWithTheRecipientAndNothingIsQueued()
    {
        var id = Slug("missing");
        await CreateAsync(new { id, name = "M", subject = "Hi {{ first }}", text = "{{ order.total }} {% if coupon %}{{ coupon }}{% endif %}" });
        var rcpt = $"miss-{Guid.NewGuid():N}@simulator.sendgateway.test";
        var response = await SendAsync(id, new { email = rcpt, vars = new { other = 1 } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((int)response.StatusCode, Is.EqualTo(422), body.ToString());
        Assert.That(body.GetProperty("errors").GetProperty("to[0].vars")[0].GetString(),
            Is.EqualTo($"Template variables without a value for {rcpt}: 'first', 'order.total'."));

        var unknown = await SendAsync("no-such-template", new { email = rcpt });
        Assert.That((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("template_id")[0].GetString(), Is.EqualTo("No template with that id."));
        var both = await Tenant.SendAsync(new { from = new { email = $"news@{SenderDomain}" }, to = new[] { new { email = rcpt } }, template_id = id, subject = "x", text = "y" });
        Assert.That((int)both.StatusCode, Is.EqualTo(422));
    }

    [Test]
    public async Task ALayoutFramesTheTemplateInHtmlAndText()
    {
        var layout = Slug("frame");
        await CreateAsync(new { id = layout, kind = "layout", name = "Frame", html = "<div class=\"frame\">{{ content }}</div><footer>{{ company }}</footer>", text = "{{ content }}\n-- {{ company }}" });
        var id = Slug("framed");
        await CreateAsync(new { id, name = "Framed", subject = "S", html = "<p>Hi {{ first }}</p>", text = "Hi {{ first }}", layout_id = layout });

        var preview = await Tenant.Client.PostAsJsonAsync($"/v1/templates/{id}/render", new { vars = new { first = "<Ann>", company = "Acme" } });
        var rendered = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), rendered.ToString());
        Assert.That(rendered.GetProperty("html").GetString(), Is.EqualTo("<div class=\"frame\"><p>Hi &lt;Ann&gt;</p></div><footer>Acme</footer>"));
        Assert.That(rendered.GetProperty("text").GetString(), Is.EqualTo("Hi <Ann>\n-- Acme"));

        Assert.That((await Tenant.Client.DeleteAsync($"/v1/templates/{layout}")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a layout in use stays");
        var noPlaceholder = await CreateAsync(new { id = Slug("bad"), kind = "layout", name = "Bad", html = "<div></div>" }, HttpStatusCode.UnprocessableEntity);
        Assert.That(noPlaceholder.GetProperty("errors").GetProperty("html")[0].GetString(), Does.Contain("{{ content }}"));
    }

    [Test]
    public async Task CssIsInlinedAtSaveAndATextPartIsGeneratedWithLinks()
    {
        var id = Slug("styled");
        var created = await CreateAsync(new
        {
            id, name = "Styled", subject = "S", inline_css = true,
            html = "<html><head><style>p { color: #333; }</style></head><body><p>Hello {{ first }}, <a href=\"https://acme.test/o/{{ order }}\">your order</a></p></body></html>",
        });
        var active = created.GetProperty("active");
        Assert.That(active.GetProperty("html").GetString(), Does.Contain("<p style=\"color: #333\">Hello {{ first }}").And.Not.Contain("<style>"));
        Assert.That(active.GetProperty("text_generated").GetBoolean(), Is.True);
        Assert.That(active.GetProperty("text").GetString(), Is.EqualTo("Hello {{ first }}, your order (https://acme.test/o/{{ order }})\n"));

        var optOut = await CreateAsync(new { id = Slug("htmlonly"), name = "H", subject = "S", html = "<p>x</p>", auto_text = false });
        Assert.That(optOut.GetProperty("active").GetProperty("text").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("{{Text | example}}", "Unknown filter 'example'.")]
    [TestCase("{{ [test }}", "Syntax error: A value was expected at (1:3)")]
    [TestCase("{% include 'x' %}", "The include tag is not available: templates cannot read files.")]
    public async Task MalformedTemplatesAreRefusedAtCreateNamingTheProblem(string html, string error)
    {
        var refused = await CreateAsync(new { id = Slug("bad"), name = "Bad", subject = "S", html }, HttpStatusCode.UnprocessableEntity);
        Assert.That(refused.GetProperty("errors").GetProperty("html")[0].GetString(), Is.EqualTo(error));
    }

    [Test]
    public async Task HostileTemplatesAreBoundedInAPreview()
    {
        var deep = string.Concat(Enumerable.Repeat("{% if a %}", 3000)) + string.Concat(Enumerable.Repeat("{% endif %}", 3000));
        var nested = await Tenant.Client.PostAsJsonAsync("/v1/templates/render", new { subject = "S", html = deep });
        Assert.That((await nested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("html")[0].GetString(), Does.StartWith("Blocks are nested more than 20 deep"));

        var loop = await Tenant.Client.PostAsJsonAsync("/v1/templates/render", new { subject = "S", text = "{% for i in (1..n) %}x{% endfor %}", vars = new { n = 1_000_000_000 } });
        Assert.That((int)loop.StatusCode, Is.EqualTo(422));
        Assert.That((await loop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString(), Is.EqualTo("A range may hold at most 50000 numbers."));

        var problems = await Tenant.Client.PostAsJsonAsync("/v1/templates/render", new { subject = "Hi {{ first }}", html = "<p>{{ a }} {{ b.c }}</p>" });
        var errors = (await problems.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("vars").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[]
        {
            "Template variable 'first' has no value.", "Template variable 'a' has no value.", "Template variable 'b.c' has no value.",
        }));
    }

    [Test]
    public async Task AnotherTenantsTemplateIsUnknown()
    {
        var id = Slug("private");
        await CreateAsync(new { id, name = "P", subject = "S", text = "T" });
        using var other = await Factory.CreateTenantAsync();
        Assert.That((await other.Client.GetAsync($"/v1/templates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var send = await other.SendAsync(new { from = new { email = "a@b.test" }, to = new[] { new { email = "x@simulator.sendgateway.test" } }, template_id = id });
        Assert.That((await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("template_id")[0].GetString(), Is.EqualTo("No template with that id."));
    }
}
