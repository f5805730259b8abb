using BenchmarkDotNet.Attributes;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Benchmarks.Smtp;

/// <summary>The command lines of one single-recipient transaction (EHLO, MAIL with SIZE, RCPT, DATA) parsed as the session does.</summary>
[MemoryDiagnoser]
public class CommandParserBenchmarks
{
    private static readonly string[] Lines =
    [
        "EHLO client.example.test", "MAIL FROM:<bench@bench-sender.test> SIZE=5120 BODY=8BITMIME", "RCPT TO:<rcpt@bench.test>", "DATA",
    ];

    [Benchmark(Description = "parse EHLO, MAIL, RCPT, DATA and both paths")]
    public int ParseTransaction()
    {
        var valid = 0;
        foreach (var line in Lines)
        {
            var command = SmtpCommandParser.Parse(line);
            valid += command.Verb switch
            {
                SmtpVerb.Mail => SmtpCommandParser.TryParsePath(command.Argument, "FROM:", allowNull: true, out _) ? 1 : 0,
                SmtpVerb.Rcpt => SmtpCommandParser.TryParsePath(command.Argument, "TO:", allowNull: false, out _) ? 1 : 0,
                _ => 1,
            };
        }

        return valid;
    }
}
