using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.EmailLabs;

/// <summary>
/// The EmailLabs-compatible API through a PHP client (php-cli: http_build_query, curl, Basic auth) with only its base
/// address changed: nested vars, headers, tags, files and the misspelt <c>replay_to</c> arrive in DKIM-signed mail, the
/// events read back under EmailLabs' names, errors take the client's error path.
/// </summary>
[TestFixture]
public sealed class EmailLabsApiTests() : EmailLabsFixture("el-acme.test")
{
    [Test]
    public async Task NewSendmailWithNestedVarsHeadersTagsAndFilesIsDeliveredDkimSignedAndItsEventsReadBack()
    {
        var ann = Unique("ann");
        var bob = Unique("bob");
        var answer = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object>
            {
                [ann] = new { vars = new { name = "Ann", order = new { id = "A-17" } }, message_id = "own-ann-1@shop.test" },
                [bob] = new { vars = new { name = "Bob", order = new { id = "B-2" } } },
            },
            ["smtp_account"] = Account,
            ["subject"] = "Hi {{name}}",
            ["html"] = "<p>Order {{order.id}} for {{name}}</p>",
            ["text"] = "Order {{order.id}} for {{name}}",
            ["from"] = "shop@el-acme.test",
            ["from_name"] = "Acme Shop",
            ["headers"] = new Dictionary<string, string> { ["X-Order-Source"] = "web" },
            ["replay_to"] = "help@el-acme.test",
            ["tags"] = new[] { "welcome", "vip" },
            ["files"] = new[] { new { name = "note.txt", mime = "text/plain", content = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello file")), inline = 0 } },
        });
        Assert.That(answer.Ok, Is.True, answer.Error);
        Assert.That(answer.Http, Is.EqualTo(200));
        Assert.That(answer.Result.GetProperty("status").GetString(), Is.EqualTo("success"));
        Assert.That(answer.Result.GetProperty("req_id").GetString(), Is.Not.Empty);
        var ids = MessageIds(answer);
        Assert.That(ids, Has.Length.EqualTo(2).And.All.StartWith("msg_"));

        foreach (var id in ids)
        {
            await Tenant.WaitForStatusAsync(id, "ok");
        }

        var copy = TestEnvironment.Mx1.For(ann).Single().Parse();
        Assert.That(copy.Subject, Is.EqualTo("Hi Ann"));
        Assert.That(copy.TextBody, Does.Contain("Order A-17 for Ann"));
        Assert.That(copy.HtmlBody, Does.Contain("Order A-17 for Ann"));
        Assert.That(copy.From.Mailboxes.Single().Name, Is.EqualTo("Acme Shop"));
        Assert.That(copy.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("help@el-acme.test"));
        Assert.That(copy.Headers["X-Order-Source"], Is.EqualTo("web"));
        var file = copy.Attachments.OfType<MimePart>().Single();
        Assert.That(file.FileName, Is.EqualTo("note.txt"));
        using (var content = new MemoryStream())
        {
            await file.Content!.DecodeToAsync(content);
            Assert.That(Encoding.UTF8.GetString(content.ToArray()), Is.EqualTo("hello file"));
        }

        var dkim = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(dkim.Value, Does.Contain("d=el-acme.test"));
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, dkim), Is.True, "DKIM verifies");
        Assert.That(TestEnvironment.Mx1.For(bob).Single().Parse().Subject, Is.EqualTo("Hi Bob"));

        // The same events through /api/emails, by our id, by the sender's own message_id and by account.
        var byId = await Php.CallAsync("GET", "emails", parameters: new { offset = 0, limit = 100, sort = "created_at" }, filters: new Dictionary<string, string> { ["message_id"] = ids[0] });
        Assert.That(byId.Ok, Is.True, byId.Error);
        Assert.That(byId.Data.EnumerateArray().Select(r => r.GetProperty("status").GetString()), Is.EqualTo(new[] { "Injected", "Ok" }));
        var first = byId.Data[0];
        Assert.That(first.GetProperty("account").GetString(), Is.EqualTo(Account));
        Assert.That(first.GetProperty("to").GetString(), Is.EqualTo(ann));
        Assert.That(first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "welcome", "vip" }));
        Assert.That(byId.Data[1].GetProperty("smtp_code").GetInt32(), Is.EqualTo(250));

        var byOwnId = await Php.CallAsync("GET", "emails", parameters: new { offset = 0, limit = 100, sort = "-created_at" }, filters: new Dictionary<string, string> { ["message_id"] = "own-ann-1@shop.test" });
        Assert.That(byOwnId.Data.EnumerateArray().Select(r => r.GetProperty("message_id").GetString()).Distinct(), Is.EqualTo(new[] { ids[0] }));
        Assert.That(byOwnId.Data[0].GetProperty("status").GetString(), Is.EqualTo("Ok"), "newest first");

        var page = await Php.CallAsync("GET", "emails", parameters: new { offset = 1, limit = 1, sort = "created_at" }, filters: new Dictionary<string, string> { ["account"] = Account, ["created_at.from"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).ToString() });
        Assert.That(page.Ok, Is.True, page.Error);
        Assert.That(page.Data.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task SendmailTemplatesSendsATemplateAddedThroughAddTemplateWithTheSubjectOfTheSend()
    {
        var added = await Php.CallAsync("POST", "add_template", new { html = "<p>Hello {{name}}</p>", txt = "Hello {{name}}" });
        Assert.That(added.Ok, Is.True, added.Error);
        var templateId = added.Data.GetProperty("template_id").GetString()!;

        var rcpt = Unique("tpl");
        var sent = await Php.CallAsync("POST", "sendmail_templates", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [rcpt] = new { vars = new { name = "Cleo" } } },
            ["smtp_account"] = Account, ["subject"] = "Welcome {{name}}", ["from"] = "shop@el-acme.test", ["template_id"] = templateId,
        });
        Assert.That(sent.Ok, Is.True, sent.Error);
        await Tenant.WaitForStatusAsync(MessageIds(sent).Single(), "ok");
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        Assert.That(copy.Subject, Is.EqualTo("Welcome Cleo"));
        Assert.That(copy.TextBody, Does.Contain("Hello Cleo"));

        var both = await Php.CallAsync("POST", "sendmail_templates", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [rcpt] = new { vars = new { name = "Cleo" } } },
            ["smtp_account"] = Account, ["subject"] = "s", ["from"] = "shop@el-acme.test", ["template_id"] = templateId, ["html"] = "<p>x</p>",
        });
        Assert.That((both.Ok, both.Http), Is.EqualTo((false, 400)));
        Assert.That(both.Error, Does.Contain("template_id"));
    }

    [Test]
    public async Task ErrorsTakeTheClientsErrorPathWithEmailLabsCodesAndNothingIsQueued()
    {
        var refused = new List<string>();
        object Send(string account, string to, string? subject = "Hi", object? extra = null)
        {
            refused.Add(to);
            var data = new Dictionary<string, object> { ["to"] = new Dictionary<string, object> { [to] = "" }, ["smtp_account"] = account, ["from"] = "shop@el-acme.test", ["text"] = "t" };
            if (subject is not null)
            {
                data["subject"] = subject;
            }

            if (extra is not null)
            {
                data["return_path"] = extra;
            }

            return data;
        }

        var unknownAccount = await Php.CallAsync("POST", "new_sendmail", Send("9.nobody.smtp", Unique("x")));
        Assert.That((unknownAccount.Ok, unknownAccount.Http, unknownAccount.Result.GetProperty("code").GetInt32()), Is.EqualTo((false, 400, 400)));
        Assert.That(unknownAccount.Error, Does.Contain("smtp_account"));

        var wrongSecret = await Php.WithSecret("wrong").CallAsync("POST", "new_sendmail", Send(Account, Unique("x")));
        Assert.That((wrongSecret.Ok, wrongSecret.Http), Is.EqualTo((false, 401)));
        Assert.That(wrongSecret.Result.GetProperty("status").GetString(), Is.EqualTo("fail"));

        var noSubject = await Php.CallAsync("POST", "new_sendmail", Send(Account, Unique("x"), subject: null));
        Assert.That((noSubject.Ok, noSubject.Http), Is.EqualTo((false, 400)));
        Assert.That(noSubject.Error, Does.Contain("subject"));

        var badAddress = await Php.CallAsync("POST", "new_sendmail", Send(Account, "not-an-address"));
        Assert.That((badAddress.Ok, badAddress.Http), Is.EqualTo((false, 400)));
        Assert.That(badAddress.Error, Does.Contain("to[0].email"));

        var unsupported = await Php.CallAsync("POST", "new_sendmail", Send(Account, Unique("x"), extra: "bounces@el-acme.test"));
        Assert.That((unsupported.Ok, unsupported.Http), Is.EqualTo((false, 400)));
        Assert.That(unsupported.Error, Does.Contain("return_path"));

        var missing = await Php.CallAsync("GET", "no_such_action");
        Assert.That((missing.Ok, missing.Http), Is.EqualTo((false, 404)));

        // Hand-made bodies PHP would not write: refused by name, not guessed.
        using var http = BasicClient();
        foreach (var (body, expected) in new[] { ("to[a@b.test=x", "unclosed"), ("to[a][b][c][d][e][f][g]=x", "deeper"), ("to[a]x=1", "after a bracket") })
        {
            var response = await http.PostAsync("/api/new_sendmail", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), Does.Contain(expected));
        }

        var json = await http.PostAsJsonAsync("/api/new_sendmail", new { to = "x" });
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        var bearerOnV1 = await http.GetAsync("/v1/settings");
        Assert.That(bearerOnV1.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "Basic is taken only under /api/");

        // Nothing queued: a marker sent afterwards to the same domain is delivered and ingested, and no refused recipient has an event.
        var marker = await Php.CallAsync("POST", "new_sendmail", Send(Account, Unique("marker")));
        Assert.That(marker.Ok, Is.True, marker.Error);
        await Tenant.WaitForStatusAsync(MessageIds(marker).Single(), "ok");
        foreach (var recipient in refused.SkipLast(1).Where(r => r.Contains('@', StringComparison.Ordinal)))
        {
            var events = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(recipient)}");
            Assert.That(events.GetProperty("data").GetArrayLength(), Is.Zero, $"{recipient} was refused, yet something was queued for it");
        }
    }

    [TestCase("headers", "Authentication-Results", "headers.Authentication-Results: Authentication-Results is a trust header")]
    [TestCase("headers", "ARC-Seal", "headers.ARC-Seal: ARC-Seal is a trust header")]
    [TestCase("headers", "Received-SPF", "headers.Received-SPF: Received-SPF is a trust header")]
    [TestCase("headers", "DKIM-Signature", "headers.DKIM-Signature: DKIM-Signature is a trust header")]
    [TestCase("headers", "Sender", "headers.Sender: Sender is not a custom header")]
    [TestCase("reply_to", "a,b@el-acme.test", "reply_to.email: Not a valid address: one mailbox per field, without commas")]
    [TestCase("from", "Shop <shop@el-acme.test>", "from.email: Not a valid address: give only local@domain, without a display name")]
    public async Task TrustAndAuthorHeadersAndAddressesThatAreNotPlainMailboxesAre400InTheClientsErrorPath(string field, string value, string expected)
    {
        var data = new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [Unique("rules")] = "" }, ["smtp_account"] = Account, ["from"] = "shop@el-acme.test", ["subject"] = "Hi", ["text"] = "t",
        };
        data[field] = field == "headers" ? new Dictionary<string, string> { [value] = "mx.victim.test; dkim=pass header.d=victim.test" } : value;
        var answer = await Php.CallAsync("POST", "new_sendmail", data);
        Assert.That((answer.Ok, answer.Http, answer.Result.GetProperty("code").GetInt32()), Is.EqualTo((false, 400, 400)), answer.Error);
        Assert.That(answer.Error, Does.Contain(expected));
    }

    [Test]
    public async Task BlacklistsAreTheSuppressionListAndASendToABlacklistedAddressIsDroppedPerRecipient()
    {
        var blocked = Unique("blocked");
        var add = await Php.CallAsync("POST", "blacklists", new { account = Account, email = blocked, reason = "spam_complaint", comment = "Added by library", source = "api-client" });
        Assert.That(add.Ok, Is.True, add.Error);
        var check = await Php.CallAsync("GET", $"blacklists/email/{blocked}");
        Assert.That(check.Ok, Is.True, check.Error);
        Assert.That(check.Data.GetProperty("reason").GetString(), Is.EqualTo("spam_complaint"));
        var suppression = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/suppressions/{blocked}");
        Assert.That(suppression.GetProperty("reason").GetString(), Is.EqualTo("feedback"), "the same list as /v1/suppressions");
        var list = await Php.CallAsync("GET", "blacklists", parameters: new { offset = 0, limit = 10, sort = "-created_at" }, filters: new Dictionary<string, string> { ["email"] = blocked });
        Assert.That(list.Data.EnumerateArray().Select(e => e.GetProperty("email").GetString()), Is.EqualTo(new[] { blocked }));

        var ok = Unique("fine");
        var sent = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [blocked] = "", [ok] = "Fine" }, ["smtp_account"] = Account, ["subject"] = "s", ["from"] = "shop@el-acme.test", ["text"] = "t",
        });
        Assert.That(sent.Ok, Is.True, sent.Error);
        var rows = sent.Data.EnumerateArray().ToDictionary(d => d.GetProperty("email").GetString()!, d => d);
        Assert.That(rows[blocked].GetProperty("error").GetString(), Is.EqualTo("suppressed"));
        Assert.That(rows[ok].TryGetProperty("error", out _), Is.False);
        await Tenant.WaitForStatusAsync(rows[blocked].GetProperty("message_id").GetString()!, "dropped");

        var deleted = await Php.CallAsync("DELETE", $"blacklists/email/{blocked}");
        Assert.That(deleted.Ok, Is.True, deleted.Error);
        var gone = await Php.CallAsync("GET", $"blacklists/email/{blocked}");
        Assert.That((gone.Ok, gone.Http), Is.EqualTo((false, 404)));

        var audit = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=100");
        var actions = audit.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Does.Contain("POST /api/blacklists").And.Contain("DELETE /api/blacklists/email/{email}"));
        Assert.That(actions, Has.None.EqualTo("POST /api/new_sendmail"), "sending is not a change");
    }

    [Test]
    public async Task SmtpAccountsOpensAndClicksReadBackUnderEmailLabsNames()
    {
        var accounts = await Php.CallAsync("GET", "smtp");
        Assert.That(accounts.Ok, Is.True, accounts.Error);
        Assert.That(accounts.Data.EnumerateArray().Select(a => a.GetProperty("account").GetString()), Does.Contain(Account));

        var sent = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [$"open+{Guid.NewGuid():N}@simulator.sendgateway.test"] = "", [$"click+{Guid.NewGuid():N}@simulator.sendgateway.test"] = "" },
            ["smtp_account"] = Account, ["subject"] = "s", ["from"] = "shop@el-acme.test", ["html"] = "<p><a href=\"https://example.test/\">x</a></p>",
        });
        Assert.That(sent.Ok, Is.True, sent.Error);
        var (opened, clicked) = (MessageIds(sent)[0], MessageIds(sent)[1]);
        await Tenant.WaitForStatusAsync(opened, "open");
        await Tenant.WaitForStatusAsync(clicked, "click");
        var opens = await Php.CallAsync("GET", "opens", parameters: new { offset = 0, limit = 100, sort = "-created_at" }, filters: new Dictionary<string, string> { ["account"] = Account });
        Assert.That(opens.Data.EnumerateArray().Where(r => r.GetProperty("message_id").GetString() == opened).Select(r => r.GetProperty("status").GetString()), Is.EqualTo(new[] { "Open" }));
        var clicks = await Php.CallAsync("GET", "clicks", parameters: new { offset = 0, limit = 100, sort = "-created_at" });
        Assert.That(clicks.Data.EnumerateArray().Where(r => r.GetProperty("message_id").GetString() == clicked).Select(r => r.GetProperty("status").GetString()), Is.EqualTo(new[] { "Track" }));
        var badLimit = await Php.CallAsync("GET", "clicks", parameters: new { offset = 0, limit = 100_000 });
        Assert.That((badLimit.Ok, badLimit.Http), Is.EqualTo((false, 400)));
    }

    [Test]
    public async Task AnAccountsDefaultStreamAppliesToItsSends()
    {
        const string News = "2.acme.news";
        var created = await Tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = News, default_stream = "broadcast" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var ann = Unique("news");
        var answer = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [ann] = "" }, ["smtp_account"] = News, ["subject"] = "News", ["from"] = "shop@el-acme.test", ["text"] = "t",
        });
        Assert.That(answer.Ok, Is.True, answer.Error);
        var message = await Tenant.WaitForStatusAsync(MessageIds(answer).Single(), "ok");
        Assert.That(message.GetProperty("stream").GetString(), Is.EqualTo("broadcast"));
        Assert.That(TestEnvironment.Mx1.For(ann).Single().Parse().Headers.Contains(HeaderId.ListUnsubscribe), Is.True, "a broadcast stream's unsubscribe default");
    }
}
