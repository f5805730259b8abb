using System.Security.Claims;
using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Messages;
using SendGateway.Server.Relay;
using SendGateway.Server.Tenants;
using SendGateway.Server.Templates;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// The EmailLabs-compatible API under <c>/api/</c> (README, "Moving from EmailLabs"): the requests EmailLabs' published
/// clients send, answered as EmailLabs answers them, translated onto our own accept path, stores and events. Not part
/// of the <c>/v1</c> OpenAPI contract.
/// </summary>
internal static class EmailLabsApi
{
    public static IEndpointRouteBuilder MapEmailLabsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<EmailLabsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var api = app.MapGroup("/api").ExcludeFromDescription().AddEndpointFilter<EmailLabsOutageFilter>();
        api.MapPost("/new_sendmail", (HttpContext c, MessageSubmission s, SmtpCredentialStore a, EmailLabsForms f, CancellationToken t) => SendAsync(c, s, a, f, templates: false, t))
            .AddEndpointFilter(new EmailLabsAuth(Scopes.Send)).WithIdempotency(options.MaxRequestBytes);
        api.MapPost("/sendmail_templates", (HttpContext c, MessageSubmission s, SmtpCredentialStore a, EmailLabsForms f, CancellationToken t) => SendAsync(c, s, a, f, templates: true, t))
            .AddEndpointFilter(new EmailLabsAuth(Scopes.Send)).WithIdempotency(options.MaxRequestBytes);
        api.MapPost("/add_template", AddTemplateAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Manage));
        foreach (var (path, type) in new[] { ("/emails", (string?)null), ("/opens", EventTypes.Open), ("/clicks", EventTypes.Click) })
        {
            api.MapGet(path, (HttpContext c, Events.EventReadStore s, IOptions<EmailLabsOptions> o, CancellationToken t) => EmailLabsLogs.ListAsync(c, s, o.Value, type, t))
                .AddEndpointFilter(new EmailLabsAuth(Scopes.Read));
        }
        api.MapGet("/smtp", EmailLabsAccounts.ListAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Read));
        api.MapGet("/blacklists", EmailLabsBlacklists.ListAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Read));
        api.MapPost("/blacklists", EmailLabsBlacklists.AddAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Manage));
        api.MapGet("/blacklists/email/{email}", EmailLabsBlacklists.CheckAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Read));
        api.MapDelete("/blacklists/email/{email}", EmailLabsBlacklists.DeleteAsync).AddEndpointFilter(new EmailLabsAuth(Scopes.Manage));
        api.MapFallback((HttpContext c) => EmailLabsReply.Fail(c, StatusCodes.Status404NotFound, $"{c.Request.Method} {c.Request.Path} is not part of the EmailLabs-compatible API here."));
        return app;
    }

    private static async Task<IResult> SendAsync(
        HttpContext context, MessageSubmission submission, SmtpCredentialStore accounts, EmailLabsForms forms, bool templates, CancellationToken cancellationToken)
    {
        var (form, error) = await forms.ReadAsync(context, cancellationToken);
        if (form is null)
        {
            return error!;
        }

        var (request, account, templateSubject, problem) = EmailLabsMessage.Translate(form, templates);
        if (request is null)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, problem!);
        }

        var tenantId = context.User.TenantId();
        if (await accounts.FindAccountAsync(tenantId, account!, cancellationToken) is not { } credential)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Incorrect smtp_account: this account has no SMTP credentials with that name or username.");
        }

        // The account's default stream, as its SMTP logins get (an EmailLabs "account" is a set of SMTP credentials).
        var result = await submission.SubmitAsync(tenantId, request with { Stream = credential.DefaultStream }, templateSubject, cancellationToken);
        if (result.Accepted is { } accepted)
        {
            var data = accepted.Messages.Select(m => m.Status == "accepted"
                ? (object)new { message_id = m.Id, email = m.Email }
                : new { message_id = m.Id, email = m.Email, error = m.Reason ?? m.Status }).ToList();
            return EmailLabsReply.Success(context, "Emails sent", data);
        }

        if (result.RetryAfterSeconds is { } wait)
        {
            context.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Validation is 422 in /v1; EmailLabs answers bad parameters with 400. The errors go in data, by our field names.
        var code = result.Status == StatusCodes.Status422UnprocessableEntity ? StatusCodes.Status400BadRequest : result.Status;
        var message = result.Errors is { Count: > 0 } errors ? EmailLabsReply.Describe(errors) : result.Detail ?? result.Title;
        return EmailLabsReply.Fail(context, code, message, result.Errors);
    }

    private static async Task<IResult> AddTemplateAsync(HttpContext context, ClaimsPrincipal user, TemplateChanges changes, EmailLabsForms forms, CancellationToken cancellationToken)
    {
        var (form, error) = await forms.ReadAsync(context, cancellationToken);
        if (form is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(form.Text("html")))
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Field 'html' is required.");
        }

        // EmailLabs templates carry no subject: sendmail_templates gives it per send. {{ subject }} stands in for /v1 sends (vars.subject).
        var outcome = await changes.CreateAsync(user.TenantId(), new CreateTemplateRequest
        {
            Name = "EmailLabs template", Subject = "{{ subject }}", Html = form.Text("html"), Text = form.Text("txt") ?? form.Text("text"),
        }, cancellationToken);
        return outcome.Template is { } template
            ? EmailLabsReply.Success(context, "Template added", new { template_id = template.Id })
            : EmailLabsReply.Fail(context, outcome.TooMany ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                EmailLabsReply.Describe(outcome.Errors), outcome.Errors);
    }
}
