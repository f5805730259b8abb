using System.Net;
using Microsoft.Extensions.Options;
using SendGateway.Server.IpPools;
using SendGateway.Server.Queue;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// Creating and lifting controls, for the API and the console alike: the request checked (an action with a scope it
/// allows, a tenant, pool or address that exists or parses), stored, and this node's set read again at once. Lifting a
/// hold releases its mail here at once; every node releases it again as it reads the lift.
/// </summary>
internal sealed class QueueControlChanges(
    QueueControlStore store, ActiveQueueControls active, HeldEntries held, IpPoolStore pools, TenantStore tenants,
    IOptions<QueueControlsOptions> options, ILogger<QueueControlChanges> logger)
{
    /// <summary>The errors by field (none: created), the control, and whether the limit of controls in effect refused it.</summary>
    public async Task<(Dictionary<string, string[]> Errors, QueueControl? Created, bool Full)> CreateAsync(
        QueueControlRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            return (errors, null, false);
        }

        var value = request.Scope == QueueControlNames.Domain ? request.Value!.Trim().ToLowerInvariant() : request.Value!.Trim();
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var created = await store.CreateAsync(request with { Value = value, Note = note }, actor, options.Value.MaxActive, cancellationToken);
        if (created is null)
        {
            return (errors, null, true);
        }

        QueueControlsLog.Created(logger, created.Id, created.Action, created.Scope, actor);
        await RefreshAsync(cancellationToken);
        return (errors, created, false);
    }

    /// <summary>Lifts a control (a lifted one is returned unchanged); null when there is none with this id.</summary>
    public async Task<QueueControl?> LiftAsync(string id, string actor, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out _) || await store.LiftAsync(id, actor, cancellationToken) is not { } lifted)
        {
            return null;
        }

        await RefreshAsync(cancellationToken);
        long released = 0;
        foreach (var key in active.ReleasedBy(lifted))
        {
            released += await held.ReleaseAsync(HoldReasons.ControlKey(key), cancellationToken);
        }

        QueueControlsLog.Lifted(logger, lifted.Id, lifted.Action, lifted.Scope, actor, released);
        return lifted;
    }

    /// <summary>This node's set read at once; a failed read is left to the worker's next refresh (the change is stored).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await active.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            QueueControlsLog.FollowUpFailed(logger, e.GetType().Name);
        }
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(QueueControlRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Action is null || !QueueControlNames.Actions.Contains(request.Action))
        {
            errors["action"] = ["One of hold, bounce, rebind."];
        }

        if (request.Scope is null || !QueueControlNames.Scopes.Contains(request.Scope))
        {
            errors["scope"] = ["One of tenant, domain, pool, source."];
        }
        else if (request.Action == QueueControlNames.Rebind && request.Scope != QueueControlNames.Pool)
        {
            errors["scope"] = ["A rebind moves a pool's mail: its scope is pool."];
        }
        else if (request.Scope == QueueControlNames.Source && request.Action is not (null or QueueControlNames.Hold))
        {
            errors["scope"] = ["A source address can only be held."];
        }

        if (request.Note is { } note && note.Length > options.Value.MaxNoteLength)
        {
            errors["note"] = [$"At most {options.Value.MaxNoteLength} characters."];
        }

        if (request.Action == QueueControlNames.Rebind)
        {
            if (string.IsNullOrWhiteSpace(request.ToPool) || !await pools.ExistsAsync(request.ToPool, cancellationToken))
            {
                errors["to_pool"] = ["An existing IP pool to send from instead."];
            }
            else if (request.ToPool == request.Value)
            {
                errors["to_pool"] = ["A pool other than the one rebound."];
            }
        }
        else if (request.ToPool is not null)
        {
            errors["to_pool"] = ["Only a rebind names a pool to send from."];
        }

        if (errors.ContainsKey("scope") || errors.ContainsKey("action"))
        {
            return errors;
        }

        var value = request.Scope == QueueControlNames.Domain ? request.Value?.Trim().ToLowerInvariant() : request.Value?.Trim();
        var valid = !string.IsNullOrEmpty(value) && value.Length <= 320 && request.Scope switch
        {
            QueueControlNames.Tenant => await tenants.GetAsync(value, cancellationToken) is not null,
            QueueControlNames.Domain => DomainNames.IsValid(value),
            QueueControlNames.Pool => await pools.ExistsAsync(value, cancellationToken),
            _ => IPAddress.TryParse(value, out _),
        };
        if (!valid)
        {
            errors["value"] = [request.Scope switch
            {
                QueueControlNames.Tenant => "The id of an existing tenant.",
                QueueControlNames.Domain => "A recipient domain, such as example.com.",
                QueueControlNames.Pool => "The name of an existing IP pool.",
                _ => "A source IP address, such as 192.0.2.10.",
            }];
        }

        return errors;
    }
}
