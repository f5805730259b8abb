using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// The rules in effect on this node: the shipped file and the operator's file over it, read when the node starts (a bad
/// file stops the start, naming its line) and again whenever the operator's file's content changes
/// (<see cref="ShapingRulesWorker"/>). A changed file is checked whole and swapped in at once; a bad one keeps the rules
/// in effect and is reported once per content.
/// </summary>
internal sealed class LiveShapingRuleSet : IShapingRuleSet
{
    private readonly ShapingRulesOptions _options;
    private readonly ILogger<LiveShapingRuleSet> _logger;
    private readonly ShapingRulesFile _shipped;
    private readonly Lock _reload = new();
    private volatile ShapingRuleSet _current;
    private byte[]? _lastSeen; // the operator file's content hash last looked at, good or bad

    public LiveShapingRuleSet(IOptions<ShapingRulesOptions> options, ILogger<LiveShapingRuleSet> logger)
    {
        _options = options.Value;
        _logger = logger;
        try
        {
            _shipped = ShapingRulesLoader.Shipped(_options);
            var path = OperatorPath;
            ShapingRulesFile? operatorFile = null;
            if (path is not null)
            {
                var content = ShapingRulesLoader.Read(path, _options);
                _lastSeen = SHA256.HashData(content);
                operatorFile = ShapingRulesLoader.Parse(path, content, _options);
            }

            _current = ShapingRulesLoader.Merge(_shipped, operatorFile, _options);
        }
        catch (ShapingRulesException e)
        {
            throw new InvalidConfigurationException($"{e.Message} (SendGateway:Delivery:ShapingRules; fix the file or set OperatorFile to another one).");
        }

        ShapingRulesLog.InEffect(_logger, _current.Version, _current.Providers.Count, _current.Rules.Count);
    }

    public ShapingRuleSet Current => _current;

    private string? OperatorPath => string.IsNullOrWhiteSpace(_options.OperatorFile) ? null : _options.OperatorFile;

    /// <summary>Reads the operator's file; when its content is new, checks it and swaps it in (or reports it once). True when the rules changed.</summary>
    public bool ReloadIfChanged()
    {
        if (OperatorPath is not { } path)
        {
            return false;
        }

        lock (_reload)
        {
            byte[] content;
            try
            {
                content = ShapingRulesLoader.Read(path, _options);
            }
            catch (ShapingRulesException e)
            {
                // Unreadable or too large: reported once for as long as it stays so (the marker stands for that state).
                return Refuse(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.Problem)), e);
            }

            var hash = SHA256.HashData(content);
            if (_lastSeen is not null && hash.AsSpan().SequenceEqual(_lastSeen))
            {
                return false;
            }

            try
            {
                var rules = ShapingRulesLoader.Merge(_shipped, ShapingRulesLoader.Parse(path, content, _options), _options);
                _lastSeen = hash;
                _current = rules;
                ShapingRulesLog.InEffect(_logger, rules.Version, rules.Providers.Count, rules.Rules.Count);
                return true;
            }
            catch (ShapingRulesException e)
            {
                return Refuse(hash, e);
            }
        }
    }

    private bool Refuse(byte[] marker, ShapingRulesException e)
    {
        if (_lastSeen is null || !marker.AsSpan().SequenceEqual(_lastSeen))
        {
            _lastSeen = marker;
            ShapingRulesLog.Refused(_logger, _current.Version, e.Message);
        }

        return false;
    }
}
