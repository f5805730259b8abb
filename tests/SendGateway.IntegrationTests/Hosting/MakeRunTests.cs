using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// The newcomer path: <c>make run</c>'s script from a copy of the checkout inside a 0700 folder (as /root or mktemp -d
/// are), as whoever runs the tests (root in CI, so PostgreSQL's account must not need to reach the clone). It must print
/// its banner, accept and deliver a message, keep its console quiet, and stop what it started on SIGTERM.
/// </summary>
[TestFixture]
public sealed partial class MakeRunTests
{
    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task MakeRunFromACloneInsideA0700FolderDeliversAndKeepsItsConsoleQuiet()
    {
        var home = Directory.CreateTempSubdirectory("sendgateway-home-");
        try
        {
            Assert.That(File.GetUnixFileMode(home.FullName) & (UnixFileMode.OtherExecute | UnixFileMode.GroupExecute), Is.EqualTo(UnixFileMode.None));
            var clone = Path.Combine(home.FullName, "sg");
            await CopyCheckoutAsync(TestPaths.RepositoryRoot(), clone);
            var url = $"http://127.0.0.1:{ProcessRunner.FreePort()}";
            var start = new ProcessStartInfo("bash", ["scripts/run.sh"])
            {
                WorkingDirectory = clone, RedirectStandardOutput = true, RedirectStandardError = true,
                Environment =
                {
                    ["SENDGATEWAY_URL"] = url, ["RELAY_PORT"] = ProcessRunner.FreePort().ToString(), ["RELAY_TLS_PORT"] = ProcessRunner.FreePort().ToString(),
                    ["RELAY_ALT_PORT"] = ProcessRunner.FreePort().ToString(), ["BOUNCE_PORT"] = ProcessRunner.FreePort().ToString(),
                },
            };
            start.Environment.Remove("ConnectionStrings__Redis");
            start.Environment.Remove("ConnectionStrings__Postgres");
            var lines = new ConcurrentQueue<string>();
            var banner = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var run = Process.Start(start)!;
            run.OutputDataReceived += (_, e) => Collect(e.Data);
            run.ErrorDataReceived += (_, e) => Collect(e.Data);
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            try
            {
                await Task.WhenAny(banner.Task, run.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(6));
                Assert.That(banner.Task.IsCompletedSuccessfully, Is.True, "make run printed its banner:\n" + string.Join('\n', lines));
                var key = await banner.Task;
                var bannerAt = lines.Count;
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.PostAsync("/v1/messages", new StringContent(
                    """{"from":{"email":"hello@demo.sendgateway.test"},"to":[{"email":"ann@example.test"}],"subject":"Hello","text":"Hi"}""",
                    Encoding.UTF8, "application/json"));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());

                var mail = Path.Combine(clone, ".data", "mail");
                var delivered = await Polling.UntilAsync(() => Task.FromResult(Directory.GetFiles(mail, "*.eml").Length), n => n > 0, TimeSpan.FromSeconds(60));
                Assert.That(delivered, Is.EqualTo(1), "the message reached the capture sink");
                await NewcomerWatchesItInThePanelAsync(url, lines);
                await TheEmailLabsExampleWorksAsPrintedAsync(lines.ToList(), mail);

                var after = lines.Skip(bannerAt).ToList();
                Assert.That(after.Where(l => l.Contains("Npgsql", StringComparison.Ordinal) || l.Contains("Command execution", StringComparison.Ordinal)), Is.Empty, "no SQL logs at the default level");
                Assert.That(after.Where(l => l.Contains("Request starting", StringComparison.Ordinal) || l.Contains("Request finished", StringComparison.Ordinal)), Is.Empty, "no per-request logs at the default level");
                Assert.That(after.Where(l => l.StartsWith("info:", StringComparison.Ordinal)).Count(), Is.LessThan(10), string.Join('\n', after));
            }
            finally
            {
                // Ctrl-C: the script stops the server, the sink, Redis and PostgreSQL it started.
                if (!run.HasExited)
                {
                    await ProcessRunner.RunAsync("kill", ["-TERM", run.Id.ToString()], CancellationToken.None);
                }

                await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }

            var postgres = Path.Combine(clone, ".data", "postgres");
            Assert.That(File.Exists(Path.Combine(postgres, "PG_VERSION")), Is.True, "the cluster is reachable from the data folder");
            Assert.That(File.Exists(Path.Combine(postgres, "postmaster.pid")), Is.False, "PostgreSQL was stopped");
            Assert.That(lines, Has.Some.Contains("postgres on 127.0.0.1:"));

            void Collect(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lines.Enqueue(line);
                if (ApiKey().Match(line) is { Success: true } match)
                {
                    banner.TrySetResult(match.Groups[1].Value);
                }
            }
        }
        finally
        {
            Remove(home.FullName);
        }
    }

    /// <summary>The files git tracks or would track, as they are in the working tree: the clone a newcomer makes.</summary>
    private static async Task CopyCheckoutAsync(string from, string to)
    {
        var (_, listing) = await ProcessRunner.CaptureAsync("git", ["-C", from, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], CancellationToken.None);
        foreach (var file in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(from, file);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree
            }

            var target = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    /// <summary>As root the cluster lives outside the folder, behind a link: remove both.</summary>
    private static void Remove(string home)
    {
        var link = new DirectoryInfo(Path.Combine(home, "sg", ".data", "postgres"));
        if (link.LinkTarget is { } target && Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Delete(home, recursive: true);
    }

    /// <summary>The banner's EmailLabs-style curl, run as printed, is answered with code 200 and its mail is captured.</summary>
    private static async Task TheEmailLabsExampleWorksAsPrintedAsync(List<string> lines, string mail)
    {
        var at = lines.FindIndex(l => l.Contains("Or as an EmailLabs client does", StringComparison.Ordinal));
        Assert.That(at, Is.GreaterThan(0), "make run printed the EmailLabs example");
        var command = string.Join('\n', lines.Skip(at + 1).Take(2));
        var (exit, output) = await ProcessRunner.CaptureAsync("bash", ["-c", command], CancellationToken.None);
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("\"code\":200"), command);
        var captured = await Polling.UntilAsync(() => Task.FromResult(Directory.GetFiles(mail, "*.eml").Length), n => n > 1, TimeSpan.FromSeconds(60));
        Assert.That(captured, Is.EqualTo(2), "the EmailLabs-style send reached the capture sink");
    }

    /// <summary>The printed panel account signs in, enrols a second factor and finds the message delivered in Activity.</summary>
    private static async Task NewcomerWatchesItInThePanelAsync(string url, IEnumerable<string> lines)
    {
        var account = lines.Select(l => PanelAccount().Match(l)).FirstOrDefault(m => m.Success);
        Assert.That(account, Is.Not.Null, "make run printed the panel's address and account");
        Assert.That(account!.Groups[1].Value, Is.EqualTo($"{url}/panel"));
        await using var browser = await Panel.PanelBrowser.StartAsync();
        var page = await browser.NewPageAsync(url);
        await page.GotoAsync("/panel");
        await page.GetByLabel("Email").FillAsync(account.Groups[2].Value);
        await page.GetByLabel("Password").FillAsync(account.Groups[3].Value);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/panel/enrol");
        var secret = OtpNet.Base32Encoding.ToBytes((await page.Locator("#totp-secret").InnerTextAsync()).Trim());
        await page.GetByLabel("Code").FillAsync(new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await page.GetByLabel("Recipient").FillAsync("ann@example.test");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Cell, new() { Name = "Delivered", Exact = true })).ToHaveCountAsync(1);
        await Panel.PanelBrowser.CheckAsync(page, "make-run-activity");
    }

    [GeneratedRegex(@"Web panel: (\S+) — sign in as (\S+) with password (\S+),")]
    private static partial Regex PanelAccount();

    [GeneratedRegex(@"API key \(shown once\): (sgk_\S+)")]
    private static partial Regex ApiKey();
}
